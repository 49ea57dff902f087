import { japanese } from '../format/format';
import type { FileIssue, RefusedInsurer } from './upload';

const th = 'border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130 whitespace-nowrap';
const td = 'px-3 py-2 text-std-16N-170 align-top';

/** Every problem of the file by line and column, as the service found them (nothing was stored). */
export function FileIssues({ issues }: { issues: readonly FileIssue[] }) {
  return (
    <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">ファイルの誤り（行・列ごと）</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            <th scope="col" className={th}>
              行
            </th>
            <th scope="col" className={th}>
              列
            </th>
            <th scope="col" className={th}>
              内容
            </th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue, index) => (
            <tr key={`${issue.line}-${issue.column}-${index}`} className="border-b border-solid-gray-200">
              <td className={`${td} text-right font-mono whitespace-nowrap`}>{issue.line === 0 ? 'ファイル全体' : `${issue.line}行目`}</td>
              <td className={`${td} whitespace-nowrap`}>{issue.column || '—'}</td>
              <td className={td}>{japanese(issue.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The insurers whose answers could not be saved as they stand now (a submitted self-evaluation, a passed deadline). */
export function RefusedInsurers({ refused, names }: { refused: readonly RefusedInsurer[]; names: ReadonlyMap<string, string> }) {
  return (
    <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">保存できない保険者</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            <th scope="col" className={th}>
              保険者
            </th>
            <th scope="col" className={th}>
              理由
            </th>
          </tr>
        </thead>
        <tbody>
          {refused.map((r) => (
            <tr key={r.insurerCode} className="border-b border-solid-gray-200">
              <td className={`${td} whitespace-nowrap`}>
                {names.get(r.insurerCode) ?? ''}（{r.insurerCode}）
              </td>
              <td className={td}>{japanese(r.message)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A real progress bar of the bytes sent, with the figure read out. */
export function UploadProgress({ sent, total, busy }: { sent: number; total: number; busy: boolean }) {
  const percent = total === 0 ? 0 : Math.min(100, Math.round((sent / total) * 100));
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor="upload-progress" className="text-std-16B-170">
        送信状況
      </label>
      <progress id="upload-progress" max={100} value={percent} className="h-4 w-full max-w-xl accent-blue-900" />
      <p className="text-std-16N-170" data-testid="upload-progress-text">
        {percent}%（{sent.toLocaleString('ja-JP')} / {total.toLocaleString('ja-JP')} バイト）{percent === 100 ? (busy ? ' 送信しました。内容を確認しています…' : ' 送信しました。') : ''}
      </p>
    </div>
  );
}
