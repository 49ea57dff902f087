import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { PHASE_LABELS, useYear } from '../years/queries';
import { Comparison } from './calculation-comparison';
import { td, th } from './ui';
import { calculationLabel, useCalculationActions, useCalculations, usePending } from './calculation-queries';
import { Reports } from './calculation-reports';
import { FinalizationDetails } from './finalization-approval';
import { settlesRequests } from './year-queries';

/**
 * 交付額の算定: 試算 (as often as needed), two calculations side by side with their differences in 千円, 起案 of the
 * latest trial by one national administrator and 決裁 by another, and the 交付額一覧 downloads (CSV, Excel).
 */
export function CalculationPage() {
  const { fiscalYear = '' } = useParams();
  const session = useSignedIn();
  const isAdmin = session.role === 'national-admin';
  const year = useYear(fiscalYear);
  const calculations = useCalculations(fiscalYear);
  const pending = usePending(fiscalYear);
  const actions = useCalculationActions(fiscalYear);
  const [confirm, setConfirm] = useState<'trial' | 'request' | 'approve'>();
  const [done, setDone] = useState<{ readonly at: 'trial' | 'request' | 'approve'; readonly text: string }>();

  if (year.isLoading) return <Loading what="年度" />;
  if (year.error || !year.data) return <Notice tone="error">{year.error?.message ?? `${fiscalYear} は開始されていません。`}</Notice>;
  const list = calculations.data?.calculations ?? [];
  const trials = list.filter((c) => c.ref.startsWith('trial:'));
  const latestTrial = trials.at(-1);
  const latestTrialNumber = latestTrial ? Number(latestTrial.ref.slice('trial:'.length)) : undefined;
  const finalized = list.some((c) => c.ref === 'final');
  const waiting = pending.data?.finalization ?? null;
  const ownRequest = waiting !== null && waiting.requestedBy === session.actorId;
  const settles = settlesRequests(year.data.allocationRuleVersion);
  const canSettle = year.data.phase === 'requests_closed';
  /** Between 内示 and the close of the 所要見込額 window the 案 stands: no trial. */
  const windowOpen = year.data.phase === 'draft_published' || year.data.phase === 'requests_open';
  /** What an action answered, shown next to its button (a notice at the top of a long page goes unseen). */
  const outcome = (at: 'trial' | 'request' | 'approve') => {
    const error = confirm === undefined ? actions[at].error : null;
    return (
      <>
        {done?.at === at && <Notice tone="success" title="完了しました">{done.text}</Notice>}
        {error && <Notice tone="error" title="操作できませんでした">{error.message}</Notice>}
      </>
    );
  };

  const run = (what: 'trial' | 'request' | 'approve') => {
    setDone(undefined);
    const settle = { onSettled: () => setConfirm(undefined) };
    if (what === 'trial') actions.trial.mutate(undefined, { ...settle, onSuccess: (r) => setDone({ at: 'trial', text: `試算 ${r.trialNumber} を実行しました。下の「2. 試算の比較」で前の試算との違いを確認できます。` }) });
    if (what === 'request' && (settles || latestTrialNumber !== undefined))
      actions.request.mutate(settles ? undefined : latestTrialNumber, {
        ...settle,
        onSuccess: (r) => setDone({ at: 'request', text: `${settles ? '所要見込額で精算した' : ''}試算 ${r.trialNumber} の確定を起案しました。別の国の管理者が決裁すると交付額が確定します。` }),
      });
    if (what === 'approve')
      actions.approve.mutate(undefined, { ...settle, onSuccess: (r) => setDone({ at: 'approve', text: `試算 ${r.trialNumber} を決裁し、交付額を確定しました（起案: ${r.requestedBy}、決裁: ${r.approvedBy}）。年度の状況のページで段階を「交付額確定」に進めてください。` }) });
  };
  const resetErrors = () => [actions.trial, actions.request, actions.approve].forEach((m) => m.reset());

  return (
    <Page
      title={`${fiscalYearLabel(fiscalYear)}の交付額の算定`}
      lead={
        <>
          試算を実行して結果を比べ、最新の試算で確定を起案します。起案した確定は、起案者とは別の国の管理者が決裁して初めて確定します。{' '}
          <Link to={`/app/national/${fiscalYear}`} className="text-blue-900 underline">
            ← 年度の状況に戻る
          </Link>
        </>
      }
    >
      <Facts
        items={[
          ['年度の段階', PHASE_LABELS[year.data.phase] ?? year.data.phase],
          ['実行した試算', `${trials.length}回`],
          ['現在有効な算定', calculations.data?.inForce ? calculationLabel(calculations.data.inForce) : 'まだありません'],
          ['決裁待ち', waiting ? `試算 ${waiting.trialNumber} の確定（起案: ${waiting.requestedBy}）` : 'ありません'],
          ['あなた', session.actorId],
        ]}
      />

      <Section title="1. 試算" id="trials">
        <p className="text-std-16N-170">評価確定後の得点・登録簿・所要見込額から、4つの交付金区分の配分を計算します。試算は何度でも実行でき、記録に残ります。</p>
        {calculations.isLoading && <Loading what="試算" />}
        {calculations.error && <Notice tone="error">{calculations.error.message}</Notice>}
        {trials.length > 0 && (
          <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
            <table className="w-full border-collapse text-left">
              <caption className="sr-only">実行した試算</caption>
              <thead className="bg-solid-gray-50">
                <tr>
                  <th scope="col" className={th}>試算</th>
                  <th scope="col" className={th}>記録日時（日本時間）</th>
                </tr>
              </thead>
              <tbody>
                {trials.map((t) => (
                  <tr key={t.ref} className="border-b border-solid-gray-200">
                    <th scope="row" className={`${td} font-normal`}>
                      {calculationLabel(t.ref)}
                    </th>
                    <td className={td}>{jstDateTime(t.recordedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {calculations.data && trials.length === 0 && <p className="text-std-16N-170">まだ試算はありません。</p>}
        {outcome('trial')}
        {isAdmin && !finalized && waiting && <p className="text-std-16N-170">決裁待ちの起案（試算 {waiting.trialNumber}）があります。新しく試算を実行すると、その起案は取り下げられます。</p>}
        {windowOpen && <p className="text-std-16N-170">内示から所要見込額の締切までは試算できません（現在「{PHASE_LABELS[year.data.phase]}」）。</p>}
        {isAdmin && !finalized && (
          <div>
            <Button onClick={() => (resetErrors(), setConfirm('trial'))} disabled={windowOpen}>
              試算を実行する
            </Button>
          </div>
        )}
        {finalized && <p className="text-std-16N-170">この年度の交付額は確定済みのため、試算はできません（得点の訂正は再算定で反映します）。</p>}
      </Section>

      <Comparison fiscalYear={fiscalYear} refs={list.map((c) => c.ref)} />

      <Section title="3. 確定の起案" id="request">
        {finalized ? (
          <p className="text-std-16N-170">この年度の交付額は確定済みです。</p>
        ) : settles ? (
          <p className="text-std-16N-170">
            この年度（{year.data.allocationRuleVersion}）は、所要見込額の受付を締め切った後に、内示した案と所要見込額で精算した試算（案・追加交付・確定）を作り、その確定を起案します。起案した人は、その確定を決裁できません。
          </p>
        ) : (
          <p className="text-std-16N-170">確定を起案できるのは最新の試算だけです。起案した人は、その確定を決裁できません。</p>
        )}
        {outcome('request')}
        {waiting && <Notice title="決裁待ちの起案があります">試算 {waiting.trialNumber} の確定を {waiting.requestedBy} が起案しています。下の「4. 決裁」をご覧ください。</Notice>}
        {isAdmin && !finalized && !waiting && settles && (
          <div>
            <Button onClick={() => (resetErrors(), setConfirm('request'))} disabled={!canSettle}>
              所要見込額で精算して確定を起案する
            </Button>
          </div>
        )}
        {settles && !finalized && !canSettle && <p className="text-std-16N-170">精算による起案は、年度が「所要見込額締切」になってから行えます。</p>}
        {isAdmin && !finalized && !waiting && !settles && latestTrialNumber !== undefined && (
          <div>
            <Button onClick={() => (resetErrors(), setConfirm('request'))}>試算 {latestTrialNumber} で確定を起案する</Button>
          </div>
        )}
        {!settles && !finalized && latestTrialNumber === undefined && <p className="text-std-16N-170">起案するには、まず試算を実行してください。</p>}
      </Section>

      <Section title="4. 決裁" id="approval">
        {outcome('approve')}
        {pending.isLoading && <Loading what="決裁待ちの案件" />}
        {pending.error && <Notice tone="error">{pending.error.message}</Notice>}
        {pending.data && !waiting && <p className="text-std-16N-170">決裁待ちの起案はありません。</p>}
        {waiting && (
          <>
            <p className="text-std-16N-170">次の確定が決裁を待っています。内容を確認し、決裁してください。決裁すると交付額が確定し、以後は変更できません。</p>
            <FinalizationDetails waiting={waiting} settles={settles} />
            {ownRequest && (
              <Notice tone="warning" title="この起案はあなたが行ったものです">
                決裁は起案者とは別の国の管理者が行います。別の管理者に決裁を依頼してください。
              </Notice>
            )}
            {isAdmin && (
              <div>
                <Button onClick={() => (resetErrors(), setConfirm('approve'))}>試算 {waiting.trialNumber} を決裁する</Button>
              </div>
            )}
          </>
        )}
        {pending.data && pending.data.corrections.length > 0 && (
          <Notice title={`承認待ちの得点訂正が ${pending.data.corrections.length} 件あります`}>
            <ul className="list-disc pl-6">
              {pending.data.corrections.map((c) => (
                <li key={c.correctionId}>
                  訂正 {c.correctionId}: {c.code}（{c.previousScore} → {c.score} 点）起案: {c.requestedBy}、理由: {c.reason}
                </li>
              ))}
            </ul>
          </Notice>
        )}
      </Section>

      <Reports fiscalYear={fiscalYear} hasCalculation={Boolean(calculations.data?.inForce)} />

      <ConfirmDialog
        open={confirm === 'trial'}
        title="試算を実行しますか"
        confirmLabel="試算を実行する"
        busy={actions.trial.isPending}
        onCancel={() => setConfirm(undefined)}
        onConfirm={() => run('trial')}
      >
        <p>現在の得点・登録簿・所要見込額で試算 {trials.length + 1} を計算し、記録します。前の試算は残ります。</p>
        {waiting && <p className="mt-2 text-std-16B-170">決裁待ちの起案（試算 {waiting.trialNumber}）は取り下げられ、確定するには改めて起案が必要です。</p>}
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'request'}
        title="確定を起案しますか"
        confirmLabel="起案する"
        busy={actions.request.isPending}
        onCancel={() => setConfirm(undefined)}
        onConfirm={() => run('request')}
      >
        <p>
          {settles ? '内示した案と受け付けた所要見込額で精算した試算を作り、その交付額（案・追加交付・確定）' : `試算 ${latestTrialNumber} の交付額`}で確定を起案します。起案者は {session.actorId} として記録されます。確定には、別の国の管理者の決裁が必要です。
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'approve'}
        title="決裁しますか"
        confirmLabel="決裁する"
        busy={actions.approve.isPending}
        onCancel={() => setConfirm(undefined)}
        onConfirm={() => run('approve')}
      >
        <p>
          {waiting?.requestedBy} が起案した試算 {waiting?.trialNumber} の交付額を確定します。決裁者は {session.actorId} として記録されます。この操作は取り消せません。
        </p>
      </ConfirmDialog>
    </Page>
  );
}

