import { zodResolver } from '@hookform/resolvers/zod';
import { useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useParams } from 'react-router-dom';
import { z } from 'zod';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { Field } from '../components/field';
import { fiscalYearLabel, warekiDateTime } from '../format/format';
import { prefectureName } from '../shared/domain';
import { phaseLabel, requestRefusal, useAmounts, useDraft, useYearFacts, yenFigure } from '../submissions/amounts';
import { usePrefectureBoard } from '../submissions/queries';
import { useOwnSubmission, useRequestAmounts } from './own-queries';
import { DraftTable, type DraftRow } from './requests-draft-table';

const yen = z
  .string()
  .trim()
  .regex(/^(0|[1-9]\d{0,12})$/, '0 以上の整数（円、カンマなし）で入力してください。');
const requestSchema = z.object({ code: z.string().min(1, '団体を選んでください。'), suishinYen: yen, shienYen: yen });
type RequestForm = z.infer<typeof requestSchema>;

/** 所要見込額: what the prefecture and each of its municipalities expect to need per grant, while the window is open. */
export function RequestsPage() {
  const { fiscalYear = '' } = useParams();
  const prefecture = useSignedIn().organisationCode;
  const year = useYearFacts(fiscalYear);
  const own = useOwnSubmission(fiscalYear, prefecture);
  const { insurers } = usePrefectureBoard(fiscalYear, prefecture);
  const draft = useDraft(fiscalYear, prefecture);
  const amounts = useAmounts(fiscalYear, { prefecture });
  const request = useRequestAmounts(fiscalYear, prefecture);
  const [confirming, setConfirming] = useState<RequestForm>();
  const [done, setDone] = useState<string>();
  const form = useForm<RequestForm>({ resolver: zodResolver(requestSchema), defaultValues: { code: prefecture, suishinYen: '', shienYen: '' } });
  const errors = form.formState.errors;

  const recipients = useMemo(
    () => [{ code: prefecture, name: `${prefectureName(prefecture)}（都道府県分）` }, ...(insurers.data?.insurers ?? []).map((i) => ({ code: i.code, name: i.name }))],
    [insurers.data, prefecture],
  );
  const nameOf = (code: string) => recipients.find((r) => r.code === code)?.name ?? code;
  const rows = useMemo<DraftRow[]>(() => {
    if (!draft.data || !amounts.data) return [];
    const draftOf = (code: string, grant: 'suishin' | 'shien') => {
      const allocation = amounts.data?.pools.find((p) => p.pool.startsWith(grant) && p.pool.endsWith(code.length === 2 ? 'prefectural' : 'municipal'))?.recipients.find((r) => r.code === code);
      const inForceIsDraft = amounts.data?.calculation === `trial:${draft.data?.trialNumber}`;
      return allocation ? (allocation.draftYen ?? (inForceIsDraft ? allocation.amountYen : null)) : null;
    };
    return recipients.map((r) => ({ ...r, suishinDraftYen: draftOf(r.code, 'suishin'), shienDraftYen: draftOf(r.code, 'shien') }));
  }, [amounts.data, draft.data, recipients]);

  if (year.isLoading || own.isLoading || draft.isLoading) return <Loading what="所要見込額" />;
  if (!year.data) return <Notice tone="error">{year.error?.message ?? 'この年度はありません。'}</Notice>;
  const phase = year.data.phase;
  const windowNote =
    phase === 'requests_open'
      ? { tone: 'info' as const, title: '所要見込額の受付中です', text: `期限: ${warekiDateTime(year.data.requestsDueAt)}（日本時間）。期限までは何度でも登録し直せます。` }
      : (year.data.phases ?? []).includes('requests_open') && (year.data.phases ?? []).indexOf(phase) < (year.data.phases ?? []).indexOf('requests_open')
        ? { tone: 'warning' as const, title: '所要見込額の受付はまだ始まっていません', text: '国が内示の後に受付を開始すると登録できます。' }
        : phase === 'requests_closed' || phase === 'finalized'
          ? { tone: 'warning' as const, title: '所要見込額の受付は終了しています', text: `期限: ${warekiDateTime(year.data.requestsDueAt)}（日本時間）。` }
          : undefined;

  return (
    <Page title={`所要見込額の登録 ${fiscalYearLabel(fiscalYear)}`} lead={`${prefectureName(prefecture)}自身と管内の市町村について、交付金ごとの所要見込額（円）を登録します。内示額（案）を下回る額を登録すると、その額が交付の上限になります。`}>
      {windowNote && (
        <Notice tone={windowNote.tone} title={windowNote.title}>
          {windowNote.text}
        </Notice>
      )}
      {done && <Notice tone="success" title="登録しました">{done}</Notice>}
      <Facts
        items={[
          ['年度の段階', phaseLabel(phase)],
          ['受付期限', warekiDateTime(year.data.requestsDueAt)],
          ['内示', draft.data ? `試算 ${draft.data.trialNumber}（${warekiDateTime(draft.data.publishedAt)}）` : 'まだありません'],
          ['登録済みの所要見込額（都道府県分）', own.data?.requested ? `推進 ${yenFigure(own.data.requested.suishinYen)}・支援 ${yenFigure(own.data.requested.shienYen)}` : 'まだありません'],
        ]}
      />
      <Section title="内示額（案）" id="draft">
        {rows.length === 0 ? <Notice title="内示はまだです">国が試算を内示すると、団体ごとの交付見込額（案）がここに表示されます。</Notice> : <DraftTable rows={rows} onChoose={(code) => form.setValue('code', code)} />}
      </Section>
      <Section title="所要見込額を登録" id="request">
        <form noValidate onSubmit={form.handleSubmit((values) => setConfirming(values))} className="flex max-w-3xl flex-col gap-4">
          <div className="flex flex-col gap-1">
            <label htmlFor="request-code" className="text-std-17B-170">
              団体
            </label>
            <select id="request-code" {...form.register('code')} className="min-h-11 w-96 max-w-full rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
              {recipients.map((r) => (
                <option key={r.code} value={r.code}>
                  {r.name}（{r.code}）
                </option>
              ))}
            </select>
          </div>
          {(['suishinYen', 'shienYen'] as const).map((name) => (
            <Field
              key={name}
              id={`request-${name}`}
              label={`${name === 'suishinYen' ? '保険者機能強化推進交付金' : '介護保険保険者努力支援交付金'}の所要見込額（円）`}
              error={errors[name]?.message}
            >
              <input
                id={`request-${name}`}
                inputMode="numeric"
                {...form.register(name)}
                className="min-h-11 w-72 rounded-8 border border-solid-gray-600 px-3 text-right text-std-16N-170"
              />
            </Field>
          ))}
          {request.error && (
            <Notice tone="error" title={requestRefusal(request.error).title}>
              {requestRefusal(request.error).text}
            </Notice>
          )}
          <div>
            <Button type="submit">登録する</Button>
          </div>
        </form>
      </Section>
      <ConfirmDialog
        open={confirming !== undefined}
        title="所要見込額を登録しますか"
        confirmLabel="登録する"
        busy={request.isPending}
        onCancel={() => setConfirming(undefined)}
        onConfirm={() => {
          if (!confirming) return;
          const values = confirming;
          request.mutate(
            { code: values.code, amounts: { suishinYen: values.suishinYen.trim(), shienYen: values.shienYen.trim() } },
            {
              onSuccess: () => setDone(`${nameOf(values.code)}の所要見込額を登録しました（推進 ${yenFigure(values.suishinYen.trim())}・支援 ${yenFigure(values.shienYen.trim())}）。`),
              onError: () => setDone(undefined),
              onSettled: () => setConfirming(undefined),
            },
          );
        }}
      >
        {confirming && (
          <dl className="flex flex-col gap-2">
            <dt className="text-std-16B-170">団体</dt>
            <dd>{nameOf(confirming.code)}</dd>
            <dt className="text-std-16B-170">推進</dt>
            <dd>{yenFigure(confirming.suishinYen.trim())}</dd>
            <dt className="text-std-16B-170">支援</dt>
            <dd>{yenFigure(confirming.shienYen.trim())}</dd>
          </dl>
        )}
      </ConfirmDialog>
    </Page>
  );
}
