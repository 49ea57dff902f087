import { GRANT_TITLES, type ResultRow, rateText } from './result-types';

const th = 'border border-solid-gray-420 bg-solid-gray-50 px-2 py-1 text-dns-14B-130';
const td = 'border border-solid-gray-420 px-2 py-1 text-right text-dns-14N-130';

/** One grant's table as the published sheets lay it out: each indicator group's 配点, 得点, 得点率 and the averages. */
export function ResultTable({ grant, rows, subtotal }: { grant: string; rows: readonly ResultRow[]; subtotal?: { score: number; maxPoints: number; rate: string } }) {
  return (
    <table className="result-table w-full border-collapse text-left">
      <caption className="mb-1 text-left text-std-17B-170">{GRANT_TITLES[grant] ?? grant}（指標群ごと）</caption>
      <thead>
        <tr>
          <th scope="col" className={th}>
            指標群
          </th>
          <th scope="col" className={`${th} text-right`}>
            配点
          </th>
          <th scope="col" className={`${th} text-right`}>
            得点
          </th>
          <th scope="col" className={`${th} text-right`}>
            得点率
          </th>
          <th scope="col" className={`${th} text-right`}>
            全国平均
          </th>
          <th scope="col" className={`${th} text-right`}>
            都道府県平均
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={`${row.grant}-${row.groupId}`}>
            <th scope="row" className="border border-solid-gray-420 px-2 py-1 text-std-16N-170 font-normal">
              <span className="mr-2 font-mono text-dns-14N-130">{row.groupId}</span>
              {row.title}
            </th>
            <td className={td}>{row.maxPoints}</td>
            <td className={`${td} font-bold`}>{row.score}</td>
            <td className={td}>{rateText(row.rate)}</td>
            <td className={td}>{rateText(row.nationalRate)}</td>
            <td className={td}>{rateText(row.prefectureRate)}</td>
          </tr>
        ))}
      </tbody>
      {subtotal && (
        <tfoot>
          <tr>
            <th scope="row" className={th}>
              計
            </th>
            <td className={`${td} font-bold`}>{subtotal.maxPoints}</td>
            <td className={`${td} font-bold`}>{subtotal.score}</td>
            <td className={td}>{rateText(subtotal.rate)}</td>
            <td className={td} colSpan={2} />
          </tr>
        </tfoot>
      )}
    </table>
  );
}
