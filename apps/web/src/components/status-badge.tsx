import type { SubmissionStatus } from '../api/types';

export type BoardStatus = SubmissionStatus | 'not_started';

/** 未着手 / 下書き / 提出 / 差戻し: the words prefectures and insurers use. */
export const STATUS_LABELS: Record<BoardStatus, string> = {
  not_started: '未着手',
  draft: '下書き',
  submitted: '提出済み',
  returned: '差戻し',
};

const STYLES: Record<BoardStatus, string> = {
  not_started: 'border-solid-gray-600 bg-white text-solid-gray-800',
  draft: 'border-blue-900 bg-blue-50 text-blue-1000',
  submitted: 'border-success-2 bg-green-50 text-green-1000',
  returned: 'border-error-2 bg-red-50 text-red-1000',
};

export function StatusBadge({ status }: { status: BoardStatus }) {
  return <span className={`inline-block rounded-full border-2 px-3 py-0.5 text-dns-14B-130 whitespace-nowrap ${STYLES[status]}`}>{STATUS_LABELS[status]}</span>;
}
