import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { GRANT_TITLES, type ResultRow, rateText, rateValue } from './result-types';

/** デジタル庁のカラーパレット: blue for the insurer itself, grey and green for the averages (distinct also in print). */
const SERIES = [
  { key: 'own', name: '自団体', color: '#0031d8' },
  { key: 'national', name: '全国平均', color: '#767676' },
  { key: 'prefecture', name: '都道府県平均', color: '#197a4b' },
] as const;

/**
 * 得点率 of each indicator group against the national and prefectural averages, one chart per grant. A fixed size,
 * so that it prints on A4 as it is shown; the same figures are in the table above it for those who do not see it.
 */
export function RateChart({ grant, rows }: { grant: string; rows: readonly ResultRow[] }) {
  const data = rows.map((row) => ({
    group: row.groupId,
    title: row.title,
    own: rateValue(row.rate),
    national: rateValue(row.nationalRate),
    prefecture: rateValue(row.prefectureRate),
  }));
  const summary = rows.map((row) => `${row.groupId} ${row.title}: 自団体 ${rateText(row.rate)}、全国平均 ${rateText(row.nationalRate)}、都道府県平均 ${rateText(row.prefectureRate)}`).join('。');
  return (
    <figure className="rate-chart flex flex-col gap-2" aria-label={`${GRANT_TITLES[grant] ?? grant}の得点率の比較`}>
      <figcaption className="text-std-17B-170">{GRANT_TITLES[grant] ?? grant}：指標群ごとの得点率（自団体・全国平均・都道府県平均）</figcaption>
      <div role="img" aria-label={summary}>
        <BarChart width={680} height={260} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="group" tick={{ fontSize: 12 }} interval={0} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} width={48} />
          <Tooltip formatter={(value) => `${Number(value).toFixed(1)}%`} labelFormatter={(group) => data.find((d) => d.group === group)?.title ?? String(group)} />
          <Legend wrapperStyle={{ fontSize: 14 }} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </div>
    </figure>
  );
}
