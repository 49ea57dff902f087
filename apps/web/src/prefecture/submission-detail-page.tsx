import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useParams } from 'react-router-dom';
import { z } from 'zod';
import { ROLE_LABELS } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { StatusBadge } from '../components/status-badge';
import { jstDateTime, jstInputInDays, jstInputToIso, warekiDateTime } from '../format/format';
import { answerText, indicatorNumber, selfAssessedEntries } from '../submissions/answers';
import { EVENT_LABELS, useReturnSubmission, useSubmission } from '../submissions/queries';
import { useFramework } from '../years/queries';

const returnSchema = z.object({
  reason: z.string().trim().min(1, '差戻しの理由を入力してください。').max(1000, '理由は1,000文字以内で入力してください。'),
  reopenUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '再提出期限を日時で入力してください。'),
});
type ReturnForm = z.infer<typeof returnSchema>;

/** One municipality's self-evaluation as the prefecture checks it: answers, history, and 差戻し. */
export function SubmissionDetailPage() {
  const { fiscalYear = '', insurerCode = '' } = useParams();
  const submission = useSubmission(fiscalYear, insurerCode);
  const framework = useFramework(fiscalYear);
  const sendBack = useReturnSubmission(fiscalYear, insurerCode);
  const [confirming, setConfirming] = useState<ReturnForm>();
  const [done, setDone] = useState<string>();
  const form = useForm<ReturnForm>({ resolver: zodResolver(returnSchema), defaultValues: { reason: '', reopenUntil: jstInputInDays(14) } });

  if (submission.isLoading || framework.isLoading) return <Loading what="回答内容" />;
  if (submission.error || framework.error || !submission.data || !framework.data) {
    return <Notice tone="error">{(submission.error ?? framework.error)?.message ?? '読み込めませんでした。'}</Notice>;
  }
  const view = submission.data;
  const entries = selfAssessedEntries(framework.data);
  const reopenUntil = form.watch('reopenUntil');
  const answered = entries.filter((e) => view.answers[e.indicator.id] !== undefined).length;

  return (
    <Page
      title={`${view.insurer.name}（${view.insurer.code}）の自己評価`}
      lead={
        <Link to={`/app/prefecture/${fiscalYear}`} className="text-blue-900 underline">
          ← 市町村の提出状況に戻る
        </Link>
      }
    >
      {done && <Notice tone="success" title="差戻しました">{done}</Notice>}
      <Facts
        items={[
          ['状況', <StatusBadge key="s" status={view.status} />],
          ['回答済み', `${answered} / ${entries.length} 指標`],
          ['最終更新（日本時間）', jstDateTime(view.history.at(-1)?.at)],
        ]}
      />

      <Section title="回答内容" id="answers">
        <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
          <table className="w-full border-collapse text-left">
            <caption className="sr-only">指標ごとの回答</caption>
            <thead className="bg-solid-gray-50">
              <tr>
                <th scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                  交付金
                </th>
                <th scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                  番号
                </th>
                <th scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                  指標
                </th>
                <th scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                  回答
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map(({ grantTitle, indicator }) => (
                <tr key={indicator.id} className="border-b border-solid-gray-200 align-top">
                  <td className="px-3 py-2 text-dns-14N-130 whitespace-nowrap">{grantTitle.includes('推進') ? '推進' : '支援'}</td>
                  <td className="px-3 py-2 font-mono text-dns-14N-130 whitespace-nowrap">{indicatorNumber(indicator)}</td>
                  <td className="px-3 py-2 text-std-16N-170">{indicator.label}</td>
                  <td className={`px-3 py-2 text-std-16B-170 ${view.answers[indicator.id] ? '' : 'text-error-2'}`}>{answerText(indicator, view.answers[indicator.id])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      {view.status === 'submitted' && (
        <Section title="差戻し" id="return">
          <p className="text-std-16N-170">回答に不備がある場合は、理由と再提出期限を示して保険者に差し戻します。保険者は期限まで修正・再提出できます。</p>
          <form noValidate onSubmit={form.handleSubmit((values) => setConfirming(values))} className="flex max-w-3xl flex-col gap-4">
            <div className="flex flex-col gap-1">
              <label htmlFor="reason" className="text-std-17B-170">
                差戻しの理由<span className="ml-2 text-dns-14B-130 text-error-2">必須</span>
              </label>
              <textarea
                id="reason"
                rows={4}
                aria-invalid={form.formState.errors.reason ? true : undefined}
                aria-describedby={form.formState.errors.reason ? 'reason-error' : undefined}
                {...form.register('reason')}
                className="rounded-8 border border-solid-gray-600 p-3 text-std-16N-170"
              />
              {form.formState.errors.reason && (
                <p id="reason-error" className="text-std-16N-170 text-error-2">
                  {form.formState.errors.reason.message}
                </p>
              )}
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor="reopenUntil" className="text-std-17B-170">
                再提出期限（日本時間）
              </label>
              <input
                id="reopenUntil"
                type="datetime-local"
                aria-describedby="reopenUntil-reading"
                {...form.register('reopenUntil')}
                className="min-h-11 w-72 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170"
              />
              <p id="reopenUntil-reading" className="text-std-16N-170 text-solid-gray-800">
                {reopenUntil ? `${warekiDateTime(jstInputToIso(reopenUntil))}（日本時間）まで再提出できます。` : '日時を入力してください。'}
              </p>
              {form.formState.errors.reopenUntil && <p className="text-std-16N-170 text-error-2">{form.formState.errors.reopenUntil.message}</p>}
            </div>
            {sendBack.error && <Notice tone="error" title="差し戻せませんでした">{sendBack.error.message}</Notice>}
            <div>
              <Button type="submit" variant="danger">
                差戻す
              </Button>
            </div>
          </form>
        </Section>
      )}

      <ConfirmDialog
        open={confirming !== undefined}
        title="この自己評価を差し戻しますか"
        confirmLabel="差戻す"
        danger
        busy={sendBack.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          if (!confirming) return;
          const values = confirming;
          sendBack.mutate(
            { reason: values.reason.trim(), reopenUntil: jstInputToIso(values.reopenUntil) },
            {
              onSuccess: () => {
                setDone(`${view.insurer.name}に差戻しを通知しました。再提出期限は ${warekiDateTime(jstInputToIso(values.reopenUntil))} です。`);
                form.reset({ reason: '', reopenUntil: jstInputInDays(14) });
              },
              onSettled: () => setConfirming(undefined),
            },
          );
        }}
      >
        {confirming && (
          <dl className="flex flex-col gap-2">
            <dt className="text-std-16B-170">保険者</dt>
            <dd>
              {view.insurer.name}（{view.insurer.code}）
            </dd>
            <dt className="text-std-16B-170">理由</dt>
            <dd className="whitespace-pre-wrap">{confirming.reason}</dd>
            <dt className="text-std-16B-170">再提出期限</dt>
            <dd>{warekiDateTime(jstInputToIso(confirming.reopenUntil))}</dd>
          </dl>
        )}
      </ConfirmDialog>

      <Section title="履歴" id="history">
        <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
          <table className="w-full border-collapse text-left">
            <caption className="sr-only">この自己評価の履歴</caption>
            <thead className="bg-solid-gray-50">
              <tr>
                {['日時（日本時間）', '出来事', '操作した人', '理由'].map((h) => (
                  <th key={h} scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {view.history.map((h) => (
                <tr key={h.version} className="border-b border-solid-gray-200 align-top">
                  <td className="px-3 py-2 text-dns-16N-130 whitespace-nowrap">{jstDateTime(h.at)}</td>
                  <td className="px-3 py-2 text-dns-16N-130">{EVENT_LABELS[h.type] ?? h.type}</td>
                  <td className="px-3 py-2 text-dns-16N-130">
                    {ROLE_LABELS[h.role] ?? h.role}（{h.actorId}）
                  </td>
                  <td className="px-3 py-2 text-std-16N-170 whitespace-pre-wrap">{h.reason ?? '—'}</td>
                </tr>
              ))}
              {view.history.length === 0 && (
                <tr>
                  <td colSpan={4} className="px-3 py-4 text-std-16N-170">
                    まだ記録はありません（未着手）。
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </Section>
    </Page>
  );
}
