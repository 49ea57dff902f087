import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../api/client';
import type { PoolId } from '../api/types';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Loading, Notice, Section } from '../components/page';
import { thousandYen } from '../format/format';
import { prefectureName } from '../shared/domain';
import { PoolDifferenceTable } from './calculation-comparison';
import { calculationLabel, POOL_LABELS, useCalculations, useDiff, useInsurerNames } from './calculation-queries';
import { signedThousandYen, Table, td } from './ui';
import { useRefreshYear } from './year-queries';

/**
 * 再算定: the approved corrections applied to the finalized year; then every recipient whose amount changed, with
 * the difference to recover (返還) or to pay (追加交付), in 千円.
 */
export function RecalculationSection({ fiscalYear, isAdmin, pendingCorrections }: { fiscalYear: string; isAdmin: boolean; pendingCorrections: number }) {
  const refresh = useRefreshYear(fiscalYear);
  const calculations = useCalculations(fiscalYear);
  const names = useInsurerNames(fiscalYear);
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string>();
  const recalculate = useMutation({
    mutationFn: () => answer<{ recalculationNumber: number; differences: readonly unknown[] }>(api.POST('/fiscal-years/{fiscalYear}/calculations/recalculations', { params: { path: { fiscalYear } } })),
    onSuccess: refresh,
  });
  const refs = (calculations.data?.calculations ?? []).map((c) => c.ref);
  const finalized = refs.includes('final');
  const latest = refs.filter((r) => r.startsWith('recalculation:')).at(-1);
  const diff = useDiff(fiscalYear, latest ? 'final' : undefined, latest);
  const nameOf = (pool: PoolId, code: string) => (pool.endsWith('prefectural') ? prefectureName(code) : names.data?.get(code)) ?? '';
  const rows = diff.data?.rows ?? [];

  return (
    <Section title="再算定と差額（返還・追加交付）" id="recalculation">
      <p className="text-std-16N-170">承認済みの得点の訂正を反映して交付額を計算し直し、確定額との差額を団体ごとに示します。減額は返還、増額は追加交付です。</p>
      {done && <Notice tone="success" title="再算定しました">{done}</Notice>}
      {!finalized && <p className="text-std-16N-170">再算定は交付額の確定後に行えます。</p>}
      {pendingCorrections > 0 && <Notice tone="warning" title="承認待ちの訂正があります">承認されていない訂正は再算定に反映されません。</Notice>}
      {recalculate.error && !confirming && <Notice tone="error" title="再算定できませんでした">{recalculate.error.message}</Notice>}
      {isAdmin && finalized && (
        <div>
          <Button onClick={() => (recalculate.reset(), setConfirming(true))}>再算定を実行する</Button>
        </div>
      )}
      {latest && (
        <>
          <h3 className="text-std-20B-150">確定と{calculationLabel(latest)}の差額</h3>
          {diff.isLoading && <Loading what="差額" />}
          {diff.error && <Notice tone="error">{diff.error.message}</Notice>}
          {diff.data && (
            <PoolDifferenceTable caption="交付金区分ごとの差額（千円）" fromLabel="確定" toLabel={calculationLabel(latest)} pools={diff.data.pools} />
          )}
          {diff.data && rows.length === 0 && <p className="text-std-16N-170">額が変わった交付先はありません。</p>}
          {rows.length > 0 && (
            <Table caption="返還・追加交付の一覧（千円）" headers={['交付金区分', '団体', '確定額', '再算定額', '差額', '手続']} right={[2, 3, 4]}>
              {rows.map((r) => (
                <tr key={`${r.pool}/${r.code}`} className="border-b border-solid-gray-200">
                  <td className={td}>{POOL_LABELS[r.pool]}</td>
                  <th scope="row" className={`${td} font-normal`}>
                    {nameOf(r.pool, r.code)}（{r.code}）
                  </th>
                  <td className={`${td} text-right`}>{thousandYen(r.fromYen ?? '0')}</td>
                  <td className={`${td} text-right`}>{thousandYen(r.toYen ?? '0')}</td>
                  <td className={`${td} text-right`}>{signedThousandYen(r.differenceYen)}</td>
                  <td className={td}>{r.differenceYen.startsWith('-') ? '返還' : '追加交付'}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title="再算定を実行しますか"
        confirmLabel="再算定する"
        busy={recalculate.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          recalculate.mutate(undefined, {
            onSuccess: (r) => setDone(`再算定 ${r.recalculationNumber} を記録しました。額が変わった交付先は ${r.differences.length.toLocaleString('ja-JP')} 件です。`),
            onSettled: () => setConfirming(false),
          })
        }
      >
        <p>承認済みの得点の訂正を反映して交付額を再算定し、確定額との差額（返還・追加交付）を記録します。確定額そのものは変わりません。</p>
      </ConfirmDialog>
    </Section>
  );
}
