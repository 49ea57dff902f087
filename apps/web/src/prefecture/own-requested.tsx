import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Notice, Section } from '../components/page';
import { Field } from '../components/field';
import { requestRefusal, yenFigure } from '../submissions/amounts';
import { type RequestedYen, useRequestAmounts } from './own-queries';

const yen = z
  .string()
  .trim()
  .regex(/^(0|[1-9]\d{0,12})$/, '0 以上の整数（円、カンマなし）で入力してください。');
const schema = z.object({ suishinYen: yen, shienYen: yen });
type Form = z.infer<typeof schema>;

const GRANTS = [
  ['suishinYen', '保険者機能強化推進交付金'],
  ['shienYen', '介護保険保険者努力支援交付金'],
] as const;

/**
 * 所要見込額（都道府県分） registered with the answers, as years that do not settle a 内示 against requests take it
 * (提出 needs it). Settlement years take it after 内示 on the 所要見込額 page instead.
 */
export function OwnRequested({ fiscalYear, prefecture, requested, readOnly }: { fiscalYear: string; prefecture: string; requested: RequestedYen | null; readOnly: boolean }) {
  const request = useRequestAmounts(fiscalYear, prefecture);
  const [confirming, setConfirming] = useState<Form>();
  const [done, setDone] = useState(false);
  const form = useForm<Form>({ resolver: zodResolver(schema), defaultValues: { suishinYen: requested?.suishinYen ?? '', shienYen: requested?.shienYen ?? '' } });
  const errors = form.formState.errors;
  return (
    <Section title="所要見込額（都道府県分）" id="own-requested">
      <p className="text-std-16N-170">
        交付金ごとに、都道府県として必要と見込む額（円）を登録します。提出には登録が必要です。登録済み: {requested ? `推進 ${yenFigure(requested.suishinYen)}・支援 ${yenFigure(requested.shienYen)}` : 'まだありません'}
      </p>
      {!readOnly && (
        <form noValidate onSubmit={form.handleSubmit((values) => setConfirming(values))} className="flex flex-wrap items-start gap-4">
          {GRANTS.map(([name, label]) => (
            <Field key={name} id={`own-${name}`} label={`${label}（円）`} error={errors[name]?.message}>
              <input
                id={`own-${name}`}
                inputMode="numeric"
                {...form.register(name)}
                className="min-h-11 w-64 rounded-8 border border-solid-gray-600 px-3 text-right text-std-16N-170"
              />
            </Field>
          ))}
          <Button type="submit" variant="secondary" className="mt-8">
            所要見込額を登録
          </Button>
        </form>
      )}
      {done && !request.error && <Notice tone="success" title="所要見込額を登録しました" />}
      {request.error && (
        <Notice tone="error" title={requestRefusal(request.error).title}>
          {requestRefusal(request.error).text}
        </Notice>
      )}
      <ConfirmDialog
        open={confirming !== undefined}
        title="所要見込額を登録しますか"
        confirmLabel="登録する"
        busy={request.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          if (!confirming) return;
          request.mutate(
            { code: prefecture, amounts: { suishinYen: confirming.suishinYen.trim(), shienYen: confirming.shienYen.trim() } },
            { onSuccess: () => setDone(true), onSettled: () => setConfirming(undefined) },
          );
        }}
      >
        {confirming && (
          <p>
            推進 {yenFigure(confirming.suishinYen.trim())}・支援 {yenFigure(confirming.shienYen.trim())}
          </p>
        )}
      </ConfirmDialog>
    </Section>
  );
}
