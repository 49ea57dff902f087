import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { DataTable } from '../components/data-table';
import { Loading, Notice, Page } from '../components/page';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { prefectureName } from '../shared/domain';
import { useYears } from '../years/queries';
import { YearPicker } from '../years/year-picker';
import { useReviewQueue } from './queries';

interface QueueRow {
  readonly code: string;
  readonly name: string;
  readonly prefecture: string;
  readonly correctedCount: number;
  readonly submittedAt: string;
}

/** 国の審査: the submitted self-evaluations of the year under review (提出締切 → 国の審査完了). */
export function ReviewQueuePage() {
  const { years, isLoading } = useYears();
  const reviewable = years.filter((y) => y.phase === 'submissions_closed');
  const [chosen, setChosen] = useState<string>();
  const fiscalYear = chosen ?? reviewable[0]?.fiscalYear ?? '';
  const { submissions, insurers } = useReviewQueue(fiscalYear);
  const [search, setSearch] = useState('');
  const rows = useMemo<QueueRow[]>(() => {
    const names = new Map((insurers.data?.insurers ?? []).map((i) => [i.code, i.name]));
    return (submissions.data?.submissions ?? []).map((s) => ({
      code: s.insurerCode,
      name: names.get(s.insurerCode) ?? s.insurerCode,
      prefecture: prefectureName(s.prefectureCode),
      correctedCount: s.correctedCount,
      submittedAt: s.lastChangedAt,
    }));
  }, [submissions.data, insurers.data]);
  const columns = useMemo<ColumnDef<QueueRow, unknown>[]>(
    () => [
      { accessorKey: 'code', header: '保険者番号', cell: (c) => <span className="font-mono">{c.row.original.code}</span> },
      {
        accessorKey: 'name',
        header: '保険者名',
        cell: (c) => (
          <Link to={`/app/review/${fiscalYear}/${c.row.original.code}`} className="text-blue-900 underline hover:text-blue-1000">
            {c.row.original.name}
          </Link>
        ),
      },
      { accessorKey: 'prefecture', header: '都道府県' },
      { accessorKey: 'correctedCount', header: '訂正した指標', cell: (c) => `${c.row.original.correctedCount}件` },
      { accessorKey: 'submittedAt', header: '最終更新（日本時間）', cell: (c) => jstDateTime(c.row.original.submittedAt) },
    ],
    [fiscalYear],
  );

  if (isLoading) return <Loading what="年度" />;
  return (
    <Page
      title="国の審査"
      lead="提出締切後の年度について、保険者の回答を確認し、必要なら理由を付けて訂正します。訂正した回答が評価に使われます。"
      actions={<YearPicker years={reviewable} value={fiscalYear} onChange={setChosen} />}
    >
      {reviewable.length === 0 ? (
        <Notice title="審査中の年度はありません">年度が「提出締切」になると、提出された自己評価がここに並びます。</Notice>
      ) : (
        <>
          <p className="text-std-16N-170">{fiscalYearLabel(fiscalYear)}・提出締切</p>
          {(submissions.error ?? insurers.error) && <Notice tone="error">{(submissions.error ?? insurers.error)?.message}</Notice>}
          {submissions.isLoading || insurers.isLoading ? (
            <Loading what="提出された自己評価" />
          ) : (
            <DataTable caption="審査する自己評価" columns={columns} data={rows} searchLabel="保険者番号・保険者名・都道府県で絞り込み" globalFilter={search} onGlobalFilterChange={setSearch} initialSorting={[{ id: 'code', desc: false }]} />
          )}
        </>
      )}
    </Page>
  );
}
