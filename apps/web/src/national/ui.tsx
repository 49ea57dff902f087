import type { ReactNode } from 'react';
import { thousandYen } from '../format/format';

/** The table cells of the national pages (デジタル庁 table style). */
export const th = 'border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130';
export const td = 'px-3 py-2 text-dns-16N-130';
export const input = 'min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170';

/** A difference in 千円 with its sign: +1,234千円, −56千円, ±0千円. */
export function signedThousandYen(yen: string): string {
  const value = BigInt(yen);
  if (value === 0n) return '±0千円';
  return value > 0n ? `+${thousandYen(yen)}` : thousandYen(yen);
}

/** A simple table with a caption read by screen readers, headers and rows; `right` columns are numbers. */
export function Table({ caption, headers, right = [], children }: { caption: string; headers: readonly string[]; right?: readonly number[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            {headers.map((h, i) => (
              <th key={`${h}-${i}`} scope="col" className={`${th} ${right.includes(i) ? 'text-right' : ''}`}>
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
