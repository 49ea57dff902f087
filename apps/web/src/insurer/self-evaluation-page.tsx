import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Navigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import type { SubmissionView } from '../api/types';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Facts, Loading, Notice, Page } from '../components/page';
import { StatusBadge } from '../components/status-badge';
import { fiscalYearLabel, jstDateTime, warekiDateTime } from '../format/format';
import { type AnswerForm, answerFormSchema, fieldOf, Question, toAnswers, toFormValue } from '../submissions/answer-fields';
import { entryName, type IndicatorEntry, selfAssessedEntries } from '../submissions/answers';
import { useSaveAnswers, useSubmission, useSubmit } from '../submissions/queries';
import { PHASE_LABELS, useFramework, useYear, useYears } from '../years/queries';
import { defaultYear } from '../years/year-picker';

/** /app/insurer: the year the insurer answers now. */
export function InsurerHome() {
  const { years, isLoading, error } = useYears();
  if (isLoading) return <Loading what="年度" />;
  if (error) return <Notice tone="error">{error.message}</Notice>;
  const year = defaultYear(years);
  if (!year) return <Notice title="受付中の年度はありません">国が年度を開始すると、ここで自己評価（調査票）に回答できます。</Notice>;
  return <Navigate to={`/app/insurer/${year.fiscalYear}`} replace />;
}

/** 自己評価（調査票）: one question per self-assessed indicator, draft saves, a completeness check, and 提出. */
export function SelfEvaluationPage() {
  const { fiscalYear = '' } = useParams();
  const session = useSignedIn();
  const code = session.organisationCode;
  const year = useYear(fiscalYear);
  const framework = useFramework(fiscalYear);
  const submission = useSubmission(fiscalYear, code);
  // One array per framework: a new one on every render would reset the form whenever the submission is read again.
  const entries = useMemo(() => (framework.data ? selfAssessedEntries(framework.data) : []), [framework.data]);
  if (year.isLoading || framework.isLoading || submission.isLoading) return <Loading what="調査票" />;
  const failure = year.error ?? framework.error ?? submission.error;
  if (failure || !framework.data || !submission.data || !year.data) {
    const notRegistered = failure instanceof ApiError && failure.status === 404;
    return <Notice tone="error" title={notRegistered ? 'この年度の保険者名簿に登録されていません' : '読み込めませんでした'}>{failure?.message}</Notice>;
  }
  return <SelfEvaluationForm fiscalYear={fiscalYear} code={code} entries={entries} view={submission.data} dueAt={year.data.deadlines.submissionsDueAt} phase={PHASE_LABELS[year.data.phase]} />;
}

function SelfEvaluationForm({ fiscalYear, code, entries, view, dueAt, phase }: { fiscalYear: string; code: string; entries: IndicatorEntry[]; view: SubmissionView; dueAt: string; phase: string }) {
  const save = useSaveAnswers(fiscalYear, code);
  const submit = useSubmit(fiscalYear, code);
  const [confirming, setConfirming] = useState(false);
  /** A submit's outcome is shown at the top of the page; a draft save's beside the buttons, where the user is. */
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; title: string; text?: string }>();
  const [draftMessage, setDraftMessage] = useState<{ tone: 'success' | 'error'; title: string; text?: string }>();
  // Reset to what is saved only when the saved answers change: reading the submission again (on returning to the
  // window) keeps what is being typed.
  const saved = JSON.stringify(view.answers);
  const defaults = useMemo(() => {
    const answers = JSON.parse(saved) as SubmissionView['answers'];
    return Object.fromEntries(entries.map(({ indicator }) => [fieldOf(indicator.id), toFormValue(indicator, answers[indicator.id])]));
  }, [entries, saved]);
  const form = useForm<AnswerForm>({ resolver: zodResolver(answerFormSchema), defaultValues: defaults });
  useEffect(() => form.reset(defaults), [defaults, form]);
  const values = form.watch();
  const answers = toAnswers(entries, values);
  const missing = entries.filter(({ indicator }) => answers[indicator.id] === undefined);
  const readOnly = view.status === 'submitted';
  const lastReturn = [...view.history].reverse().find((h) => h.type === 'SubmissionReturned');
  /** Until when a 差戻し lets the insurer amend and resubmit (the submission read gives it while returned). */
  const reopenUntil = view.status === 'returned' ? ((view as SubmissionView & { reopenUntil?: string | null }).reopenUntil ?? null) : null;
  const saving = save.isPending || submit.isPending;

  const saveDraft = () => {
    setMessage(undefined);
    setDraftMessage(undefined);
    if (Object.keys(answers).length === 0) {
      setDraftMessage({ tone: 'error', title: 'まだ回答がありません', text: '少なくとも1つの指標に回答してから一時保存してください。' });
      return;
    }
    save.mutate(answers, {
      onSuccess: () => setDraftMessage({ tone: 'success', title: '一時保存しました', text: `回答済み ${Object.keys(answers).length} / ${entries.length} 指標（${jstDateTime(new Date().toISOString())}）。提出するまで何度でも修正できます。` }),
      onError: (error) => setDraftMessage({ tone: 'error', title: '保存できませんでした', text: error.message }),
    });
  };
  const showAtTop = (next: typeof message) => {
    setDraftMessage(undefined);
    setMessage(next);
    window.scrollTo({ top: 0 });
  };

  return (
    <Page title={`自己評価（調査票）${fiscalYearLabel(fiscalYear)}`} lead="指標ごとに該当する回答を選びます。途中で一時保存でき、すべての指標に回答すると提出できます。">
      {view.status === 'returned' && lastReturn && (
        <Notice tone="warning" title="都道府県から差し戻されました">
          <p>理由: {lastReturn.reason ?? '（理由の記録なし）'}</p>
          <p>
            差戻し日時: {jstDateTime(lastReturn.at)}。回答を修正して、もう一度提出してください。
          </p>
          {reopenUntil && (
            <p className="text-std-16B-170" data-testid="reopen-until">
              再提出期限: {warekiDateTime(reopenUntil)}（日本時間）
            </p>
          )}
        </Notice>
      )}
      {readOnly && <Notice tone="success" title="提出済みです">提出後は回答を変更できません。修正が必要な場合は都道府県にご連絡ください（差戻しを受けると再び回答できます）。</Notice>}
      {message && (
        <Notice tone={message.tone} title={message.title}>
          {message.text}
        </Notice>
      )}
      <Facts
        items={[
          ['保険者', `${view.insurer.name}（${view.insurer.code}）`],
          ['状況', <StatusBadge key="s" status={view.status} />],
          ['年度の段階', phase],
          ['提出期限', warekiDateTime(reopenUntil ?? dueAt)],
          ['回答済み', `${entries.length - missing.length} / ${entries.length} 指標`],
        ]}
      />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(true);
        }}
        className="flex flex-col gap-6"
      >
        {entries.map((entry, index) => {
          const showGroup = index === 0 || entries[index - 1].groupTitle !== entry.groupTitle || entries[index - 1].grantTitle !== entry.grantTitle;
          return (
            <div key={entry.indicator.id} className="flex flex-col gap-3">
              {showGroup && (
                <h2 className="mt-4 border-b-2 border-blue-900 pb-1 text-std-20B-150">
                  {entry.grantTitle}｜{entry.groupTitle}
                </h2>
              )}
              <Question entry={entry} register={form.register} disabled={readOnly} unanswered={answers[entry.indicator.id] === undefined} />
            </div>
          );
        })}
        {!readOnly && (
          <div className="sticky bottom-0 flex flex-col gap-3 border-t-2 border-solid-gray-420 bg-white py-4">
            {draftMessage && (
              <Notice tone={draftMessage.tone} title={draftMessage.title}>
                {draftMessage.text}
              </Notice>
            )}
            {missing.length > 0 ? (
              <p className="text-std-16B-170 text-error-2" data-testid="completeness">
                未回答の指標が {missing.length} 件あります: {missing.slice(0, 5).map(entryName).join('、')}
                {missing.length > 5 ? ' ほか' : ''}
              </p>
            ) : (
              <p className="text-std-16B-170 text-success-2" data-testid="completeness">
                すべての指標に回答しました。提出できます。
              </p>
            )}
            <div className="flex flex-wrap gap-3">
              <Button variant="secondary" onClick={saveDraft} disabled={saving}>
                一時保存
              </Button>
              <Button type="submit" disabled={saving || missing.length > 0}>
                {view.status === 'returned' ? '再提出する' : '提出する'}
              </Button>
            </div>
          </div>
        )}
      </form>
      <ConfirmDialog
        open={confirming}
        title={view.status === 'returned' ? '自己評価を再提出しますか' : '自己評価を提出しますか'}
        confirmLabel={view.status === 'returned' ? '再提出する' : '提出する'}
        busy={submit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          submit.mutate(answers, {
            onSuccess: () => showAtTop({ tone: 'success', title: '提出しました', text: '都道府県が内容を確認します。' }),
            onError: (error) => showAtTop({ tone: 'error', title: '提出できませんでした', text: error.message }),
            onSettled: () => setConfirming(false),
          })
        }
      >
        <p>{entries.length} 指標すべての回答を提出します。提出後は、差戻しを受けない限り変更できません。</p>
      </ConfirmDialog>
    </Page>
  );
}
