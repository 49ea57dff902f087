import { useId, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Answer, Indicator } from '../api/types';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Loading, Notice, Page } from '../components/page';
import { answerText, entryName, type IndicatorEntry, selfAssessedEntries } from '../submissions/answers';
import { useSubmission } from '../submissions/queries';
import { useFramework } from '../years/queries';
import { useReviewAnswer } from './queries';

/** 訂正: the corrected answer being chosen and its reason, for one indicator. */
interface Correction {
  readonly entry: IndicatorEntry;
  readonly indicator: Indicator;
  readonly choice: string[];
  readonly reason: string;
}

function correctedAnswer(indicator: Indicator, choice: string[]): Answer | undefined {
  if (indicator.answerType === 'yes_no') return choice[0] === 'yes' ? { answerType: 'yes_no', yes: true } : choice[0] === 'no' ? { answerType: 'yes_no', yes: false } : undefined;
  if (indicator.selection === 'multiple') return { answerType: 'choice', optionIds: choice };
  return choice[0] ? { answerType: 'choice', optionIds: [choice[0]] } : undefined;
}

/** One insurer's answers under national review: 確認 each, or 訂正 with the corrected answer and a reason. */
export function ReviewSubmissionPage() {
  const { fiscalYear = '', insurerCode = '' } = useParams();
  const submission = useSubmission(fiscalYear, insurerCode);
  const framework = useFramework(fiscalYear);
  const review = useReviewAnswer(fiscalYear, insurerCode);
  const [correction, setCorrection] = useState<Correction>();
  const [done, setDone] = useState<string>();
  const reasonId = useId();

  if (submission.isLoading || framework.isLoading) return <Loading what="回答" />;
  if (!submission.data || !framework.data) return <Notice tone="error">{(submission.error ?? framework.error)?.message ?? '読み込めませんでした。'}</Notice>;
  const view = submission.data;
  const corrected = correction ? correctedAnswer(correction.indicator, correction.choice) : undefined;

  return (
    <Page
      title={`${view.insurer.name}（${view.insurer.code}）の審査`}
      lead={
        <Link to="/app/review" className="text-blue-900 underline">
          ← 審査する自己評価の一覧に戻る
        </Link>
      }
    >
      {done && <Notice tone="success" title="記録しました">{done}</Notice>}
      {review.error && !correction && <Notice tone="error" title="記録できませんでした">{review.error.message}</Notice>}
      <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">審査する回答</caption>
          <thead className="bg-solid-gray-50">
            <tr>
              {['指標番号', '指標', '保険者の回答', '国の訂正', '審査'].map((h) => (
                <th key={h} scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130 whitespace-nowrap">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {selfAssessedEntries(framework.data).map((entry) => {
              const { indicator } = entry;
              const correctedTo = view.corrections[indicator.id];
              return (
                <tr key={indicator.id} className="border-b border-solid-gray-200 align-top">
                  <td className="px-3 py-2 font-mono text-dns-14N-130 whitespace-nowrap">{entryName(entry)}</td>
                  <td className="px-3 py-2 text-std-16N-170">{indicator.label}</td>
                  <td className="px-3 py-2 text-std-16B-170">{answerText(indicator, view.answers[indicator.id])}</td>
                  <td className={`px-3 py-2 text-std-16B-170 ${correctedTo ? 'text-red-1000' : 'text-solid-gray-800'}`}>{correctedTo ? answerText(indicator, correctedTo) : '—'}</td>
                  <td className="px-3 py-2">
                    <div className="flex flex-nowrap gap-2">
                      <Button
                        variant="secondary"
                        aria-label={`${entryName(entry)} を確認済みにする`}
                        disabled={review.isPending}
                        onClick={() =>
                          review.mutate({ indicatorId: indicator.id, decision: 'accepted' }, { onSuccess: () => setDone(`${entryName(entry)} を確認済みとして記録しました。`) })
                        }
                      >
                        確認
                      </Button>
                      <Button variant="secondary" aria-label={`${entryName(entry)} を訂正する`} onClick={() => setCorrection({ entry, indicator, choice: [], reason: '' })}>
                        訂正
                      </Button>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={correction !== undefined}
        title={correction ? `${entryName(correction.entry)} の回答を訂正` : ''}
        confirmLabel="訂正を記録する"
        busy={review.isPending}
        onCancel={() => setCorrection(undefined)}
        onConfirm={() => {
          if (!correction || !corrected || !correction.reason.trim()) return;
          review.mutate(
            { indicatorId: correction.indicator.id, decision: 'corrected', answer: corrected, reason: correction.reason.trim() },
            {
              onSuccess: () => {
                setDone(`${entryName(correction.entry)} を「${answerText(correction.indicator, corrected)}」に訂正しました。`);
                setCorrection(undefined);
              },
            },
          );
        }}
      >
        {correction && (
          <div className="flex flex-col gap-4">
            <p>{correction.indicator.label}</p>
            <p>保険者の回答: {answerText(correction.indicator, view.answers[correction.indicator.id])}</p>
            <fieldset className="flex flex-col gap-1">
              <legend className="text-std-16B-170">訂正後の回答</legend>
              {(correction.indicator.answerType === 'yes_no'
                ? [
                    { id: 'yes', label: 'はい' },
                    { id: 'no', label: 'いいえ' },
                  ]
                : (correction.indicator.options ?? [])
              ).map((option) => {
                const multiple = correction.indicator.selection === 'multiple';
                return (
                  <label key={option.id} className="flex min-h-11 items-center gap-3">
                    <input
                      type={multiple ? 'checkbox' : 'radio'}
                      name="corrected"
                      checked={correction.choice.includes(option.id)}
                      onChange={(event) =>
                        setCorrection({
                          ...correction,
                          choice: multiple ? (event.target.checked ? [...correction.choice, option.id] : correction.choice.filter((id) => id !== option.id)) : [option.id],
                        })
                      }
                      className="size-6 accent-blue-900"
                    />
                    {option.label}
                  </label>
                );
              })}
            </fieldset>
            <div className="flex flex-col gap-1">
              <label htmlFor={reasonId} className="text-std-16B-170">
                訂正の理由<span className="ml-2 text-dns-14B-130 text-error-2">必須</span>
              </label>
              <textarea id={reasonId} rows={3} value={correction.reason} onChange={(event) => setCorrection({ ...correction, reason: event.target.value })} className="rounded-8 border border-solid-gray-600 p-3" />
            </div>
            {(!corrected || !correction.reason.trim()) && <p className="text-std-16N-170 text-solid-gray-800">訂正後の回答と理由を入力すると記録できます。</p>}
            {review.error && <Notice tone="error">{review.error.message}</Notice>}
          </div>
        )}
      </ConfirmDialog>
    </Page>
  );
}
