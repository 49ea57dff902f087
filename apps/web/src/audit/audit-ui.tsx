import { useId, type ReactNode } from 'react';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { useYears } from '../years/queries';

export const headCell = 'border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130 text-left';
export const bodyCell = 'px-3 py-2 text-dns-16N-130 align-top';

/** A moment as people read it: `記録の位置 1,234 の時点` or `2025/04/01 09:00（日本時間）時点`. */
export function asOfLabel(asOf: string): string {
  if (/^\d+$/.test(asOf)) return `記録の位置 ${Number(asOf).toLocaleString('ja-JP')} の時点`;
  return `${jstDateTime(asOf)}（日本時間）時点`;
}

/** The year the audit pages look at: every year the service holds, newest first. */
export function AuditYearSelect({ value, onChange }: { value: string; onChange: (fiscalYear: string) => void }) {
  const { years } = useYears();
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-std-16B-170">
        対象の年度
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className="min-h-11 w-80 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
        {!value && <option value="">年度を選んでください</option>}
        {years.map((y) => (
          <option key={y.fiscalYear} value={y.fiscalYear}>
            {fiscalYearLabel(y.fiscalYear)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A plain table with a name (aria-label) and column headings; `testId` marks it for the browser bench and walks. */
export function AuditTable({ label, headings, children, testId }: { label: string; headings: readonly string[]; children: ReactNode; testId?: string }) {
  return (
    <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
      <table className="w-full border-collapse" aria-label={label} data-testid={testId}>
        <thead className="bg-solid-gray-50">
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col" className={headCell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
