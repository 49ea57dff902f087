import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router-dom';
import type { Answer } from '../api/types';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Facts, Loading, Notice, Page } from '../components/page';
import { StatusBadge } from '../components/status-badge';
import { fiscalYearLabel, jstDateTime, warekiDateTime, withJstTimes } from '../format/format';
import { prefectureName } from '../shared/domain';
import { type AnswerForm, answerFormSchema, fieldOf, Question, toAnswers, toFormValue } from '../submissions/answer-fields';
import { entryName, type IndicatorEntry, selfAssessedEntries } from '../submissions/answers';
import { phaseLabel, useYearFacts } from '../submissions/amounts';
import { useFramework } from '../years/queries';
import { type PrefectureSubmissionView, useOwnAnswers, useOwnSubmission } from './own-queries';
import { OwnRequested } from './own-requested';

type Message = { tone: 'success' | 'error'; title: string; text?: string };

/** 都道府県の自己評価: the prefecture answers the prefectural framework itself, with drafts and 提出. */
export function OwnSubmissionPage() {
  const { fiscalYear = '' } = useParams();
  const prefecture = useSignedIn().organisationCode;
  const year = useYearFacts(fiscalYear);
  const framework = useFramework(fiscalYear, 'prefectural');
  const submission = useOwnSubmission(fiscalYear, prefecture);
  // One array per framework: a new one on every render would reset the form whenever the submission is read again.
  const entries = useMemo(() => (framework.data ? selfAssessedEntries(framework.data) : []), [framework.data]);
  if (year.isLoading || framework.isLoading || submission.isLoading) return <Loading what="都道府県の調査票" />;
  const failure = year.error ?? framework.error ?? submission.error;
  if (failure || !framework.data || !submission.data || !year.data) return <Notice tone="error" title="読み込めませんでした">{failure?.message}</Notice>;
  return (
    <OwnForm
      fiscalYear={fiscalYear}
      prefecture={prefecture}
      entries={entries}
      view={submission.data}
      dueAt={year.data.deadlines.prefectureSubmissionsDueAt}
      phase={phaseLabel(year.data.phase)}
      settles={(year.data.phases ?? []).includes('requests_open')}
    />
  );
}

function OwnForm({
  fiscalYear,
  prefecture,
  entries,
  view,
  dueAt,
  phase,
  settles,
}: {
  fiscalYear: string;
  prefecture: string;
  entries: IndicatorEntry[];
  view: PrefectureSubmissionView;
  dueAt: string;
  phase: string;
  /** The year settles a 内示 against requests: the 所要見込額 comes after 内示, not with the answers. */
  settles: boolean;
}) {
  const { save, submit } = useOwnAnswers(fiscalYear, prefecture);
  const [confirming, setConfirming] = useState(false);
  /** A 提出's outcome is shown at the top of the page; a draft save's beside the buttons, where the user is. */
  const [message, setMessage] = useState<Message>();
  const [draftMessage, setDraftMessage] = useState<Message>();
  // Reset to what is saved only when the saved answers change (registering the 所要見込額 keeps what is being typed).
  const saved = JSON.stringify(view.answers);
  const defaults = useMemo(() => {
    const answers = JSON.parse(saved) as PrefectureSubmissionView['answers'];
    return Object.fromEntries(entries.map(({ indicator }) => [fieldOf(indicator.id), toFormValue(indicator, answers[indicator.id])]));
  }, [entries, saved]);
  const form = useForm<AnswerForm>({ resolver: zodResolver(answerFormSchema), defaultValues: defaults });
  useEffect(() => form.reset(defaults), [defaults, form]);
  const answers: Record<string, Answer> = toAnswers(entries, form.watch());
  const missing = entries.filter(({ indicator }) => answers[indicator.id] === undefined);
  const readOnly = view.status === 'submitted';
  const needsRequested = !settles && view.requested === null;
  const busy = save.isPending || submit.isPending;
  const refused = (title: string) => (error: Error) => setMessage({ tone: 'error', title, text: withJstTimes(error.message) });

  return (
    <Page
      title={`${prefectureName(prefecture)}の自己評価（都道府県分）${fiscalYearLabel(fiscalYear)}`}
      lead={
        <>
          都道府県分の評価指標に回答します。途中で一時保存でき、すべての指標に回答すると提出できます。
          <Link to={`/app/prefecture-requests/${fiscalYear}`} className="ml-2 text-blue-900 underline">
            所要見込額の登録へ
          </Link>
        </>
      }
    >
      {readOnly && <Notice tone="success" title="提出済みです">提出後は回答を変更できません。国の審査の結果は評価結果に反映されます。</Notice>}
      {message && (
        <Notice tone={message.tone} title={message.title}>
          {message.text}
        </Notice>
      )}
      <Facts
        items={[
          ['都道府県', `${prefectureName(prefecture)}（${prefecture}）`],
          ['状況', <StatusBadge key="s" status={view.status} />],
          ['年度の段階', phase],
          ['提出期限', warekiDateTime(dueAt)],
          ['回答済み', `${entries.length - missing.length} / ${entries.length} 指標`],
        ]}
      />
      {settles ? (
        <Notice title="所要見込額は内示の後に登録します">この年度は、国の内示の後に「所要見込額」の画面で都道府県分と管内市町村分を登録します。</Notice>
      ) : (
        <OwnRequested fiscalYear={fiscalYear} prefecture={prefecture} requested={view.requested} readOnly={readOnly} />
      )}
      <form
        noValidate
        className="flex flex-col gap-6"
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(true);
        }}
      >
        {entries.map((entry, index) => (
          <div key={entry.indicator.id} className="flex flex-col gap-3">
            {(index === 0 || entries[index - 1].groupTitle !== entry.groupTitle || entries[index - 1].grantTitle !== entry.grantTitle) && (
              <h2 className="mt-4 border-b-2 border-blue-900 pb-1 text-std-20B-150">
                {entry.grantTitle}｜{entry.groupTitle}
              </h2>
            )}
            <Question entry={entry} register={form.register} disabled={readOnly} unanswered={answers[entry.indicator.id] === undefined} />
          </div>
        ))}
        {!readOnly && (
          <div className="sticky bottom-0 flex flex-col gap-3 border-t-2 border-solid-gray-420 bg-white py-4">
            {draftMessage && (
              <Notice tone={draftMessage.tone} title={draftMessage.title}>
                {draftMessage.text}
              </Notice>
            )}
            <p className={`text-std-16B-170 ${missing.length > 0 || needsRequested ? 'text-error-2' : 'text-success-2'}`} data-testid="completeness">
              {missing.length > 0
                ? `未回答の指標が ${missing.length} 件あります: ${missing.slice(0, 5).map(entryName).join('、')}${missing.length > 5 ? ' ほか' : ''}`
                : needsRequested
                  ? 'すべての指標に回答しました。提出の前に所要見込額（都道府県分）を登録してください。'
                  : 'すべての指標に回答しました。提出できます。'}
            </p>
            <div className="flex flex-wrap gap-3">
              <Button
                variant="secondary"
                disabled={busy || Object.keys(answers).length === 0}
                onClick={() =>
                  save.mutate(answers, {
                    onSuccess: () => setDraftMessage({ tone: 'success', title: '一時保存しました', text: `回答済み ${Object.keys(answers).length} / ${entries.length} 指標（${jstDateTime(new Date().toISOString())}）。` }),
                    onError: (error) => setDraftMessage({ tone: 'error', title: '保存できませんでした', text: withJstTimes(error.message) }),
                  })
                }
              >
                一時保存
              </Button>
              <Button type="submit" disabled={busy || missing.length > 0 || needsRequested}>
                提出する
              </Button>
            </div>
          </div>
        )}
      </form>
      <ConfirmDialog
        open={confirming}
        title="都道府県分の自己評価を提出しますか"
        confirmLabel="提出する"
        busy={submit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() =>
          submit.mutate(answers, {
            onSuccess: () => {
              setDraftMessage(undefined);
              setMessage({ tone: 'success', title: '提出しました', text: '国が審査します。' });
              window.scrollTo({ top: 0 });
            },
            onError: refused('提出できませんでした'),
            onSettled: () => setConfirming(false),
          })
        }
      >
        <p>{entries.length} 指標すべての回答を提出します。提出後は変更できません。</p>
      </ConfirmDialog>
    </Page>
  );
}
