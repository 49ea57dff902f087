import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { answer, api } from '../api/client';
import type { PendingApprovals } from '../api/types';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { prefectureName } from '../shared/domain';
import { useYear } from '../years/queries';
import { useCalculations, useInsurerNames, usePending } from './calculation-queries';
import { Reports } from './calculation-reports';
import { CorrectionForm, GRANTS } from './correction-form';
import { RecalculationSection } from './recalculation-section';
import { Table, td } from './ui';
import { useRefreshYear } from './year-queries';

type Correction = PendingApprovals['corrections'][number];

/** 得点の訂正と再算定: 起案 by one administrator, 承認 by another, then 再算定 with 返還 / 追加交付, and the reports. */
export function CorrectionsPage() {
  const { fiscalYear = '' } = useParams();
  const session = useSignedIn();
  const isAdmin = session.role === 'national-admin';
  const year = useYear(fiscalYear);
  const pending = usePending(fiscalYear);
  const calculations = useCalculations(fiscalYear);
  const names = useInsurerNames(fiscalYear);
  const refresh = useRefreshYear(fiscalYear);
  const [approving, setApproving] = useState<Correction>();
  const [done, setDone] = useState<string>();
  const approve = useMutation({
    mutationFn: (c: Correction) =>
      answer<unknown>(api.POST('/fiscal-years/{fiscalYear}/calculations/score-corrections/{correctionId}/approval', { params: { path: { fiscalYear, correctionId: c.correctionId } } })),
    onSuccess: refresh,
  });
  if (year.isLoading) return <Loading what="年度" />;
  if (year.error || !year.data) return <Notice tone="error">{year.error?.message ?? `${fiscalYear} は開始されていません。`}</Notice>;
  const corrections = pending.data?.corrections ?? [];
  const nameOf = (c: Correction) => (c.level === 'prefectural' ? prefectureName(c.code) : (names.data?.get(c.code) ?? ''));

  return (
    <Page
      title={`${fiscalYearLabel(fiscalYear)}の得点の訂正と再算定`}
      lead={
        <>
          確定後に判明した得点の誤りは、一人の管理者が訂正を起案し、別の管理者が承認します。承認済みの訂正で再算定すると、確定額との差額（返還・追加交付）が分かります。{' '}
          <Link to={`/app/national/${fiscalYear}`} className="text-blue-900 underline">
            ← 年度の状況に戻る
          </Link>
        </>
      }
    >
      {isAdmin && (
        <Section title="得点の訂正の起案" id="correction-request">
          <CorrectionForm fiscalYear={fiscalYear} />
        </Section>
      )}
      <Section title="承認待ちの訂正" id="correction-approval">
        {done && <Notice tone="success" title="承認しました">{done}</Notice>}
        {approve.error && !approving && <Notice tone="error" title="承認できませんでした">{approve.error.message}</Notice>}
        {pending.isLoading && <Loading what="承認待ちの訂正" />}
        {pending.error && <Notice tone="error">{pending.error.message}</Notice>}
        {pending.data && corrections.length === 0 && <p className="text-std-16N-170">承認待ちの訂正はありません。</p>}
        {corrections.length > 0 && (
          <Table caption="承認待ちの訂正" headers={['訂正', '団体', '交付金', '得点', '理由', '起案者・日時', '操作']}>
            {corrections.map((c) => (
              <tr key={c.correctionId} className="border-b border-solid-gray-200">
                <td className={td}>訂正 {c.correctionId}</td>
                <th scope="row" className={`${td} font-normal`}>
                  {nameOf(c)}（{c.code}）
                </th>
                <td className={td}>{GRANTS[c.grant]}</td>
                <td className={td}>
                  {c.previousScore} 点 → {c.score} 点
                </td>
                <td className={td}>{c.reason}</td>
                <td className={td}>
                  {c.requestedBy}（{jstDateTime(c.requestedAt)}）
                </td>
                <td className={td}>
                  {c.requestedBy === session.actorId ? (
                    <span>あなたの起案です。別の管理者が承認します。</span>
                  ) : (
                    isAdmin && (
                      <Button variant="secondary" onClick={() => (approve.reset(), setApproving(c))}>
                        訂正 {c.correctionId} を承認する
                      </Button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      <RecalculationSection fiscalYear={fiscalYear} isAdmin={isAdmin} pendingCorrections={corrections.length} />
      <Reports fiscalYear={fiscalYear} hasCalculation={Boolean(calculations.data?.inForce)} title="帳票のダウンロード" />
      <ConfirmDialog
        open={approving !== undefined}
        title="訂正を承認しますか"
        confirmLabel="承認する"
        busy={approve.isPending}
        onCancel={() => setApproving(undefined)}
        onConfirm={() => {
          if (!approving) return;
          const c = approving;
          approve.mutate(c, {
            onSuccess: () => setDone(`訂正 ${c.correctionId}（${nameOf(c)} の${GRANTS[c.grant]}: ${c.previousScore} 点 → ${c.score} 点）を承認しました。再算定で交付額に反映します。`),
            onSettled: () => setApproving(undefined),
          });
        }}
      >
        {approving && (
          <p>
            {approving.requestedBy} が起案した訂正 {approving.correctionId}（{nameOf(approving)} の{GRANTS[approving.grant]}: {approving.previousScore} 点 → {approving.score} 点、理由: {approving.reason}）を承認します。承認者は {session.actorId} として記録されます。
          </p>
        )}
      </ConfirmDialog>
    </Page>
  );
}
