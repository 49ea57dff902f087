import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { answer, api } from '../api/client';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Notice } from '../components/page';
import { PREFECTURES } from '../shared/domain';
import { useInsurerNames } from './calculation-queries';
import { Field } from '../components/field';
import { input } from './ui';
import { useRefreshYear } from './year-queries';

export const GRANTS = { suishin: '推進交付金', shien: '支援交付金' } as const;
const schema = z.object({
  level: z.enum(['municipal', 'prefectural']),
  code: z.string().min(1, '訂正する団体を選んでください。'),
  grant: z.enum(['suishin', 'shien']),
  score: z.coerce.number<string>().int('得点は整数で入力してください。').min(0, '得点は 0 以上です。').max(10_000, '得点が大きすぎます。'),
  reason: z.string().trim().min(1, '訂正の理由を入力してください。').max(1000, '理由は1,000文字以内で入力してください。'),
});
type Input = z.input<typeof schema>;
type Values = z.output<typeof schema>;

/** 得点の訂正の起案: one grant score of one recipient, with its reason; a second administrator approves it. */
export function CorrectionForm({ fiscalYear }: { fiscalYear: string }) {
  const refresh = useRefreshYear(fiscalYear);
  const names = useInsurerNames(fiscalYear);
  const [confirming, setConfirming] = useState<Values>();
  const [done, setDone] = useState<string>();
  const form = useForm<Input, unknown, Values>({ resolver: zodResolver(schema), defaultValues: { level: 'municipal', code: '', grant: 'suishin', score: '', reason: '' } });
  const level = form.watch('level');
  const request = useMutation({
    mutationFn: (v: Values) =>
      answer<{ correctionId: string; previousScore: number; score: number }>(
        api.POST('/fiscal-years/{fiscalYear}/calculations/score-corrections', { params: { path: { fiscalYear } }, body: { level: v.level, code: v.code, grant: v.grant, score: v.score, reason: v.reason } }),
      ),
    onSuccess: refresh,
  });
  const recipients = level === 'prefectural' ? PREFECTURES.map((p) => [p.code, p.name] as const) : [...(names.data?.entries() ?? [])].sort(([a], [b]) => a.localeCompare(b));
  const nameOf = (v: Values) => recipients.find(([code]) => code === v.code)?.[1] ?? v.code;
  const errors = form.formState.errors;

  return (
    <>
      {done && <Notice tone="success" title="訂正を起案しました">{done}</Notice>}
      {request.error && !confirming && <Notice tone="error" title="訂正を起案できませんでした">{request.error.message}</Notice>}
      <form noValidate onSubmit={form.handleSubmit((v) => (request.reset(), setConfirming(v)))} className="flex max-w-3xl flex-col gap-4">
        <div className="flex flex-wrap gap-4">
          <Field id="correction-level" label="区分" required>
            <select id="correction-level" {...form.register('level', { onChange: () => form.setValue('code', '') })} className={input}>
              <option value="municipal">市町村</option>
              <option value="prefectural">都道府県</option>
            </select>
          </Field>
          <Field id="correction-code" label="団体" required error={errors.code?.message}>
            <select id="correction-code" {...form.register('code')} className={input}>
              <option value="">選んでください</option>
              {recipients.map(([code, name]) => (
                <option key={code} value={code}>
                  {code} {name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="correction-grant" label="交付金" required>
            <select id="correction-grant" {...form.register('grant')} className={input}>
              {Object.entries(GRANTS).map(([grant, label]) => (
                <option key={grant} value={grant}>
                  {label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="correction-score" label="訂正後の得点" required error={errors.score?.message}>
            <input id="correction-score" inputMode="numeric" {...form.register('score')} className={`${input} w-32`} />
          </Field>
        </div>
        <Field id="correction-reason" label="訂正の理由" required error={errors.reason?.message}>
          <textarea id="correction-reason" rows={3} {...form.register('reason')} className="rounded-8 border border-solid-gray-600 px-3 py-2 text-std-16N-170" />
        </Field>
        <div>
          <Button type="submit">訂正を起案する</Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming !== undefined}
        title="得点の訂正を起案しますか"
        confirmLabel="起案する"
        busy={request.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          if (!confirming) return;
          const v = confirming;
          request.mutate(v, {
            onSuccess: (r) => {
              setDone(`訂正 ${r.correctionId}: ${nameOf(v)} の${GRANTS[v.grant]}の得点を ${r.previousScore} 点から ${r.score} 点に訂正する起案をしました。別の国の管理者の承認を待っています。`);
              form.reset({ level: v.level, code: '', grant: v.grant, score: '', reason: '' });
            },
            onSettled: () => setConfirming(undefined),
          });
        }}
      >
        {confirming && (
          <p>
            {nameOf(confirming)}（{confirming.code}）の{GRANTS[confirming.grant]}の得点を {confirming.score} 点に訂正する起案をします。理由: {confirming.reason}
            。承認は別の国の管理者が行います。
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
