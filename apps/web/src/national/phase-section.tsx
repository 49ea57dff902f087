import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../api/client';
import type { FiscalYearView, Phase } from '../api/types';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Loading, Notice, Section } from '../components/page';
import { fiscalYearLabel, japanese, jstInputToIso, warekiDateTime, withJstTimes } from '../format/format';
import { PHASE_LABELS, useReadiness } from '../years/queries';
import { DraftPublish } from './draft-publish';
import { input } from './ui';
import { settlesRequests, useRefreshYear } from './year-queries';

/** What moving to a phase means, said in the confirmation. */
const MEANING: Partial<Record<Phase, string>> = {
  submissions_closed: '保険者・都道府県は回答を変更できなくなります。',
  review_completed: '国の審査を終え、評価確定に進めるようになります。',
  scored: '審査後の回答と国の数値で全団体の得点を計算し、評価を確定します。',
  draft_published: '内示した交付見込額（案）を各団体が見られるようになります。',
  requests_open: '市町村・都道府県が所要見込額を入力できるようになります（受付期限まで）。',
  requests_closed: '所要見込額の受付を締め切ります。以後は入力できません。',
  finalized: '決裁済みの交付額で年度を確定します。',
};

/** Items of the readiness list said in the words of this page (the service's message names its route). */
const SAID_HERE: Readonly<Record<string, string>> = {
  'CALCULATION.NO_DRAFT': '試算が内示されていません。下の「内示」で最新の試算を内示してください。',
  'CALCULATION.NO_TRIAL': '試算が行われていません。「交付額の算定」のページで試算を実行してください。',
  'CALCULATION.NOT_FINALIZED': '交付額が確定（決裁）されていません。「交付額の算定」のページで起案・決裁を行ってください。',
};

/** 次の段階: what blocks it, 内示 where the rule has it, and the move itself (with the 所要見込額 期限 when it opens the window). */
export function PhaseSection({ year, isAdmin }: { year: FiscalYearView; isAdmin: boolean }) {
  const fiscalYear = year.fiscalYear;
  const readiness = useReadiness(fiscalYear);
  const refresh = useRefreshYear(fiscalYear);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [requestsDueAt, setRequestsDueAt] = useState('');
  const [done, setDone] = useState<string>();
  const advance = useMutation({
    mutationFn: (to: Phase) =>
      answer<unknown>(
        api.POST('/fiscal-years/{fiscalYear}/phase', {
          params: { path: { fiscalYear } },
          body: { to, ...(reason.trim() && { reason: reason.trim() }), ...(to === 'requests_open' && { requestsDueAt: jstInputToIso(requestsDueAt) }) },
        }),
      ),
    onSuccess: refresh,
  });
  const next = readiness.data?.next ?? null;
  const missing = readiness.data?.missing ?? [];
  const needsDueAt = next === 'requests_open';
  const canAdvance = isAdmin && next !== null && missing.length === 0 && (!needsDueAt || requestsDueAt !== '');

  return (
    <Section title={next ? `次の段階「${PHASE_LABELS[next]}」に進むための確認` : '次の段階'} id="readiness">
      {done && <Notice tone="success" title="段階を進めました">{done}</Notice>}
      {readiness.isLoading && <Loading what="確認事項" />}
      {readiness.error && <Notice tone="error">{readiness.error.message}</Notice>}
      {next === null && readiness.data && <p className="text-std-16N-170">この年度は最後の段階です。</p>}
      {next !== null && missing.length === 0 && readiness.data && <Notice tone="success" title="進める準備ができています">不足している項目はありません。</Notice>}
      {missing.length > 0 && (
        <>
          <p className="text-std-16N-170">次の段階に進む前に、次の {missing.length} 件を完了してください。</p>
          <ul className="list-disc pl-6 text-std-16N-170" aria-label="未完了の項目">
            {missing.slice(0, 50).map((m, i) => (
              <li key={`${m.code}-${m.insurerCode ?? i}`}>{SAID_HERE[m.code] ?? withJstTimes(japanese(m.message))}</li>
            ))}
            {missing.length > 50 && <li>ほか {missing.length - 50} 件</li>}
          </ul>
        </>
      )}
      {isAdmin && year.phase === 'scored' && settlesRequests(year.allocationRuleVersion) && <DraftPublish fiscalYear={fiscalYear} />}
      {isAdmin && next !== null && (
        <div className="flex flex-col gap-3">
          {needsDueAt && (
            <div className="flex flex-col gap-1">
              <label htmlFor="requests-due-at" className="text-std-16B-170">
                所要見込額の受付期限（日本時間）<span className="ml-2 text-dns-14B-130 text-error-2">必須</span>
              </label>
              <input id="requests-due-at" type="datetime-local" value={requestsDueAt} onChange={(event) => setRequestsDueAt(event.target.value)} className={`${input} w-72`} />
            </div>
          )}
          <div className="flex max-w-3xl flex-col gap-1">
            <label htmlFor="phase-reason" className="text-std-16B-170">
              理由（任意・監査記録に残ります）
            </label>
            <input id="phase-reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={1000} className={input} />
          </div>
          {advance.error && !confirming && <Notice tone="error" title="段階を進められませんでした">{advance.error.message}</Notice>}
          <div>
            <Button onClick={() => (advance.reset(), setConfirming(true))} disabled={!canAdvance}>
              「{PHASE_LABELS[next]}」に進める
            </Button>
          </div>
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={next ? `「${PHASE_LABELS[next]}」に進めますか` : ''}
        confirmLabel="進める"
        busy={advance.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (!next) return;
          advance.mutate(next, {
            onSuccess: () => {
              setDone(`${fiscalYearLabel(fiscalYear)}は「${PHASE_LABELS[next]}」になりました。`);
              setReason('');
            },
            onSettled: () => setConfirming(false),
          });
        }}
      >
        <p>
          {fiscalYearLabel(fiscalYear)}を「{PHASE_LABELS[year.phase]}」から「{next ? PHASE_LABELS[next] : ''}」に進めます。{next && MEANING[next]}この操作は取り消せません。
        </p>
        {needsDueAt && requestsDueAt && <p className="mt-2">受付期限: {warekiDateTime(jstInputToIso(requestsDueAt))}</p>}
        {reason.trim() && <p className="mt-2">理由: {reason.trim()}</p>}
      </ConfirmDialog>
    </Section>
  );
}
