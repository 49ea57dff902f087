import { thousandYen } from '../format/format';
import { Button } from '../components/button';

export interface DraftRow {
  readonly code: string;
  readonly name: string;
  readonly suishinDraftYen: string | null;
  readonly shienDraftYen: string | null;
}

const th = 'border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130 whitespace-nowrap';

/** The 内示額（案） of the prefecture and each municipality, with a button that picks the row for the form below. */
export function DraftTable({ rows, onChoose }: { rows: readonly DraftRow[]; onChoose: (code: string) => void }) {
  return (
    <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
      <table className="w-full border-collapse text-left">
        <caption className="sr-only">団体ごとの内示額（案）</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            <th scope="col" className={th}>
              団体
            </th>
            <th scope="col" className={`${th} text-right`}>
              推進の案
            </th>
            <th scope="col" className={`${th} text-right`}>
              支援の案
            </th>
            <th scope="col" className={th}>
              <span className="sr-only">操作</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code} className="border-b border-solid-gray-200">
              <td className="px-3 py-2 text-std-16N-170">
                {row.name}
                <span className="ml-2 font-mono text-dns-14N-130">{row.code}</span>
              </td>
              <td className="px-3 py-2 text-right text-dns-16N-130">{thousandYen(row.suishinDraftYen)}</td>
              <td className="px-3 py-2 text-right text-dns-16N-130">{thousandYen(row.shienDraftYen)}</td>
              <td className="px-3 py-1">
                <Button
                  variant="text"
                  aria-label={`${row.name}の所要見込額を入力`}
                  onClick={() => {
                    onChoose(row.code);
                    document.getElementById('request-suishinYen')?.focus();
                  }}
                >
                  所要見込額を入力
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
