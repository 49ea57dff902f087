import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { answer, api } from '../api/client';
import type { FiscalYearView } from '../api/types';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Notice } from '../components/page';
import { jstInputToIso, warekiDateTime } from '../format/format';

const DEADLINES = {
  submissionsDueAt: '保険者の提出期限',
  prefectureSubmissionsDueAt: '都道府県の提出期限',
  reviewDueAt: '国の審査期限',
} as const;
type DeadlineKey = keyof typeof DEADLINES;

const schema = z.object({
  deadline: z.enum(['submissionsDueAt', 'prefectureSubmissionsDueAt', 'reviewDueAt']),
  dueAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '新しい期限を日時で入力してください。'),
  reason: z.string().trim().min(1, '変更の理由を入力してください。').max(1000, '理由は1,000文字以内で入力してください。'),
});
type DeadlineForm = z.infer<typeof schema>;

/** 期限の延長・繰上げ: one deadline moved to a new time (JST) with a reason, after a confirmation. */
export function DeadlineForm({ year }: { year: FiscalYearView }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState<DeadlineForm>();
  const [done, setDone] = useState<string>();
  const form = useForm<DeadlineForm>({ resolver: zodResolver(schema), defaultValues: { deadline: 'submissionsDueAt', dueAt: '', reason: '' } });
  const change = useMutation({
    mutationFn: (values: DeadlineForm) =>
      answer<unknown>(api.POST('/fiscal-years/{fiscalYear}/deadlines', { params: { path: { fiscalYear: year.fiscalYear } }, body: { deadline: values.deadline, dueAt: jstInputToIso(values.dueAt), reason: values.reason.trim() } })),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['fiscal-year', year.fiscalYear] }), client.invalidateQueries({ queryKey: ['fiscal-years'] }), client.invalidateQueries({ queryKey: ['readiness', year.fiscalYear] })]),
  });
  const errors = form.formState.errors;
  return (
    <>
      {done && <Notice tone="success" title="期限を変更しました">{done}</Notice>}
      {change.error && <Notice tone="error" title="期限を変更できませんでした">{change.error.message}</Notice>}
      <form noValidate onSubmit={form.handleSubmit((values) => setConfirming(values))} className="flex max-w-3xl flex-col gap-4">
        <div className="flex flex-wrap gap-4">
          <div className="flex flex-col gap-1">
            <label htmlFor="deadline" className="text-std-16B-170">
              変更する期限
            </label>
            <select id="deadline" {...form.register('deadline')} className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
              {(Object.keys(DEADLINES) as DeadlineKey[]).map((key) => (
                <option key={key} value={key}>
                  {DEADLINES[key]}（現在 {warekiDateTime(year.deadlines[key])}）
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="dueAt" className="text-std-16B-170">
              新しい期限（日本時間）
            </label>
            <input id="dueAt" type="datetime-local" {...form.register('dueAt')} className="min-h-11 w-72 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170" />
            {errors.dueAt && <p className="text-std-16N-170 text-error-2">{errors.dueAt.message}</p>}
          </div>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor="deadline-reason" className="text-std-16B-170">
            変更の理由<span className="ml-2 text-dns-14B-130 text-error-2">必須</span>
          </label>
          <input id="deadline-reason" {...form.register('reason')} className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170" />
          {errors.reason && <p className="text-std-16N-170 text-error-2">{errors.reason.message}</p>}
        </div>
        <div>
          <Button type="submit" variant="secondary">
            期限を変更する
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming !== undefined}
        title="期限を変更しますか"
        confirmLabel="変更する"
        busy={change.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          if (!confirming) return;
          const values = confirming;
          change.mutate(values, {
            onSuccess: () => {
              setDone(`${DEADLINES[values.deadline]}を ${warekiDateTime(jstInputToIso(values.dueAt))} に変更しました。`);
              form.reset({ deadline: values.deadline, dueAt: '', reason: '' });
            },
            onSettled: () => setConfirming(undefined),
          });
        }}
      >
        {confirming && (
          <p>
            {DEADLINES[confirming.deadline]}を {warekiDateTime(year.deadlines[confirming.deadline])} から {warekiDateTime(jstInputToIso(confirming.dueAt))} に変更します。理由: {confirming.reason}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
