import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router-dom';
import { answer, api } from '../api/client';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Facts, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstInputToIso, warekiDateTime } from '../format/format';
import { fiscalYearOf } from '../years/fiscal-year-of';
import { useYears } from '../years/queries';
import { FrameworkChoice } from './framework-choice';
import { openYearBody, openYearSchema, type OpenYearInput, type OpenYearValues } from './open-year-schema';
import { Field } from '../components/field';
import { input } from './ui';
import { RULE_VERSIONS, useShippedFrameworks } from './year-queries';

const POOL_FIELDS = [
  ['suishinMunicipalYen', '推進・市町村分（円）'],
  ['suishinPrefecturalYen', '推進・都道府県分（円）'],
  ['shienMunicipalYen', '支援・市町村分（円）'],
  ['shienPrefecturalYen', '支援・都道府県分（円）'],
] as const;
const DEADLINE_FIELDS = [
  ['submissionsDueAt', '保険者の提出期限（日本時間）'],
  ['prefectureSubmissionsDueAt', '都道府県の提出期限（日本時間）'],
  ['reviewDueAt', '国の審査期限（日本時間）'],
] as const;

/** 年度の開始: the four pools, the frameworks (shipped or a file), the deadlines and the allocation rule version. */
export function OpenYearPage() {
  const navigate = useNavigate();
  const client = useQueryClient();
  const { years } = useYears();
  const shipped = useShippedFrameworks();
  const [confirming, setConfirming] = useState<OpenYearValues>();
  const current = fiscalYearOf(new Date());
  const candidates = Array.from({ length: 6 }, (_, i) => `FY${current - 2 + i}`).filter((fy) => !years.some((y) => y.fiscalYear === fy));
  const defaultId = (level: 'municipal' | 'prefectural') => shipped.data?.find((f) => f.level === level && f.isDefault)?.id ?? '';
  const form = useForm<OpenYearInput, unknown, OpenYearValues>({
    resolver: zodResolver(openYearSchema),
    values: {
      fiscalYear: '',
      suishinMunicipalYen: '',
      suishinPrefecturalYen: '',
      shienMunicipalYen: '',
      shienPrefecturalYen: '',
      municipal: { mode: 'shipped', id: defaultId('municipal') },
      prefectural: { mode: 'shipped', id: defaultId('prefectural') },
      submissionsDueAt: '',
      prefectureSubmissionsDueAt: '',
      reviewDueAt: '',
      allocationRuleVersion: 'mhlw-fy2024-v1',
    },
    resetOptions: { keepDirtyValues: true },
  });
  const open = useMutation({
    mutationFn: (values: OpenYearValues) => answer<{ fiscalYear: string }>(api.POST('/fiscal-years', { body: openYearBody(values) as never })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['fiscal-years'] }),
  });
  const errors = form.formState.errors;
  const frameworkName = (v: OpenYearValues, level: 'municipal' | 'prefectural') =>
    v[level].mode === 'file' ? `ファイル「${v[level].fileName ?? ''}」` : (shipped.data?.find((f) => f.id === v[level].id)?.title ?? v[level].id);

  return (
    <Page
      title="年度の開始"
      lead={
        <>
          交付金の予算額（4区分）、指標体系、期限、配分ルールを決めて年度を開始します。開始後は予算額と配分ルールを変更できません。{' '}
          <Link to="/app/national" className="text-blue-900 underline">
            ← 年度一覧に戻る
          </Link>
        </>
      }
    >
      {open.error && <Notice tone="error" title="年度を開始できませんでした">{open.error.message}</Notice>}
      <form noValidate onSubmit={form.handleSubmit((values) => (open.reset(), setConfirming(values)))} className="flex max-w-4xl flex-col gap-6">
        <Field id="fiscalYear" label="開始する年度" required error={errors.fiscalYear?.message}>
          <select id="fiscalYear" {...form.register('fiscalYear')} className={`${input} w-fit`}>
            <option value="">選んでください</option>
            {candidates.map((fy) => (
              <option key={fy} value={fy}>
                {fiscalYearLabel(fy)}
              </option>
            ))}
          </select>
        </Field>
        <Section title="予算額" id="pools">
          <div className="grid gap-4 sm:grid-cols-2">
            {POOL_FIELDS.map(([key, label]) => (
              <Field key={key} id={key} label={label} required hint="円単位の整数（カンマ可）" error={errors[key]?.message}>
                <input id={key} inputMode="numeric" autoComplete="off" {...form.register(key)} className={input} />
              </Field>
            ))}
          </div>
        </Section>
        <Section title="指標体系" id="frameworks">
          {shipped.error && <Notice tone="error">{shipped.error.message}</Notice>}
          <FrameworkChoice level="municipal" form={form} shipped={shipped.data ?? []} />
          <FrameworkChoice level="prefectural" form={form} shipped={shipped.data ?? []} />
        </Section>
        <Section title="期限" id="deadlines">
          <div className="grid gap-4 sm:grid-cols-3">
            {DEADLINE_FIELDS.map(([key, label]) => (
              <Field key={key} id={key} label={label} required error={errors[key]?.message}>
                <input id={key} type="datetime-local" {...form.register(key)} className={input} />
              </Field>
            ))}
          </div>
        </Section>
        <Field id="allocationRuleVersion" label="配分ルール" required hint="年度の開始後は変更できません。内示・所要見込額・追加交付を行う年度は mhlw-fy2024-v1 を選びます。" error={errors.allocationRuleVersion?.message}>
          <select id="allocationRuleVersion" {...form.register('allocationRuleVersion')} className={`${input} w-fit`}>
            {RULE_VERSIONS.map((r) => (
              <option key={r.version} value={r.version}>
                {r.label}
              </option>
            ))}
          </select>
        </Field>
        <div>
          <Button type="submit">内容を確認する</Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming !== undefined}
        title="年度を開始しますか"
        confirmLabel="開始する"
        busy={open.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          if (!confirming) return;
          const values = confirming;
          open.mutate(values, { onSuccess: () => navigate(`/app/national/${values.fiscalYear}`), onSettled: () => setConfirming(undefined) });
        }}
      >
        {confirming && (
          <Facts
            items={[
              ['年度', fiscalYearLabel(confirming.fiscalYear)],
              ...POOL_FIELDS.map(([key, label]) => [label.replace('（円）', ''), `${BigInt(confirming[key]).toLocaleString('ja-JP')}円`] as const),
              ['指標体系（市町村分）', frameworkName(confirming, 'municipal')],
              ['指標体系（都道府県分）', frameworkName(confirming, 'prefectural')],
              ...DEADLINE_FIELDS.map(([key, label]) => [label.replace('（日本時間）', ''), warekiDateTime(jstInputToIso(confirming[key]))] as const),
              ['配分ルール', confirming.allocationRuleVersion],
            ]}
          />
        )}
      </ConfirmDialog>
    </Page>
  );
}
