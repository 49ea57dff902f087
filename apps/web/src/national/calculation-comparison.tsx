import { useState } from 'react';
import type { CalculationDiff, PoolId } from '../api/types';
import { Loading, Notice, Section } from '../components/page';
import { thousandYen } from '../format/format';
import { prefectureName } from '../shared/domain';
import { calculationLabel, POOL_LABELS, useDiff, useInsurerNames } from './calculation-queries';
import { signedThousandYen, Table, td, th } from './ui';

/** 2. Two calculations side by side: per pool the totals, then every recipient whose amount differs, in 千円. */
export function Comparison({ fiscalYear, refs }: { fiscalYear: string; refs: readonly string[] }) {
  const [chosen, setChosen] = useState<{ from?: string; to?: string }>({});
  const from = chosen.from ?? refs.at(-2);
  const to = chosen.to ?? refs.at(-1);
  const diff = useDiff(fiscalYear, from, to);
  const names = useInsurerNames(fiscalYear);
  const nameOf = (pool: PoolId, code: string) => (pool.endsWith('prefectural') ? prefectureName(code) : names.data?.get(code)) ?? '';
  const rows = diff.data?.rows ?? [];
  const shown = rows.slice(0, 200);

  return (
    <Section title="2. 試算の比較" id="comparison">
      {refs.length < 2 ? (
        <p className="text-std-16N-170">比べるには、試算が2回以上必要です。</p>
      ) : (
        <>
          <div className="flex flex-wrap items-end gap-4">
            {(['from', 'to'] as const).map((side) => (
              <div key={side} className="flex flex-col gap-1">
                <label htmlFor={`compare-${side}`} className="text-std-16B-170">
                  {side === 'from' ? '比較元' : '比較先'}
                </label>
                <select
                  id={`compare-${side}`}
                  value={side === 'from' ? from : to}
                  onChange={(event) => setChosen({ from, to, [side]: event.target.value })}
                  className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170"
                >
                  {refs.map((ref) => (
                    <option key={ref} value={ref}>
                      {calculationLabel(ref)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          {diff.isLoading && <Loading what="比較" />}
          {diff.error && <Notice tone="error">{diff.error.message}</Notice>}
          {diff.data && (
            <>
              <PoolDifferenceTable caption="交付金区分ごとの合計の比較（千円）" fromLabel={calculationLabel(from!)} toLabel={calculationLabel(to!)} pools={diff.data.pools} />
              {rows.length === 0 ? (
                <Notice title="違いはありません">{calculationLabel(from!)}と{calculationLabel(to!)}で、額が変わった交付先はありません。</Notice>
              ) : (
                <>
                  <p className="text-std-16N-170">
                    額が変わった交付先: {rows.length.toLocaleString('ja-JP')}件{rows.length > shown.length ? `（最初の ${shown.length} 件を表示）` : ''}
                  </p>
                  <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
                    <table className="w-full border-collapse text-left">
                      <caption className="sr-only">交付先ごとの額の違い（千円）</caption>
                      <thead className="bg-solid-gray-50">
                        <tr>
                          {['交付金区分', '団体', calculationLabel(from!), calculationLabel(to!), '差額'].map((h, i) => (
                            <th key={`${h}-${i}`} scope="col" className={`${th} ${i > 1 ? 'text-right' : ''}`}>
                              {h}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {shown.map((r) => (
                          <tr key={`${r.pool}/${r.code}`} className="border-b border-solid-gray-200">
                            <td className={td}>{POOL_LABELS[r.pool]}</td>
                            <th scope="row" className={`${td} font-normal`}>
                              {nameOf(r.pool, r.code)}（{r.code}）
                            </th>
                            <td className={`${td} text-right`}>{thousandYen(r.fromYen)}</td>
                            <td className={`${td} text-right`}>{thousandYen(r.toYen)}</td>
                            <td className={`${td} text-right`}>{signedThousandYen(r.differenceYen)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </>
          )}
        </>
      )}
    </Section>
  );
}


/** Per 交付金区分: both calculations' totals, the difference in 千円 and how many recipients' amounts changed. */
export function PoolDifferenceTable({ caption, fromLabel, toLabel, pools }: { caption: string; fromLabel: string; toLabel: string; pools: CalculationDiff['pools'] }) {
  return (
    <Table caption={caption} headers={['交付金区分', fromLabel, toLabel, '差額', '額が変わった交付先']} right={[1, 2, 3, 4]}>
      {pools.map((p) => (
        <tr key={p.pool} className="border-b border-solid-gray-200">
          <th scope="row" className={`${td} font-normal`}>
            {POOL_LABELS[p.pool]}
          </th>
          <td className={`${td} text-right`}>{thousandYen(p.fromYen)}</td>
          <td className={`${td} text-right`}>{thousandYen(p.toYen)}</td>
          <td className={`${td} text-right`}>{signedThousandYen(p.differenceYen)}</td>
          <td className={`${td} text-right`}>{p.changed.toLocaleString('ja-JP')}団体</td>
        </tr>
      ))}
    </Table>
  );
}
