import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { answer, api } from '../api/client';
import type { FiscalYearView } from '../api/types';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Notice, Section } from '../components/page';
import { jstDateTime } from '../format/format';
import { Field } from '../components/field';
import { input, Table, td } from './ui';
import { useRefreshYear } from './year-queries';

const STEPS = [
  ['application', '交付申請'],
  ['decision', '交付決定'],
  ['performance_report', '実績報告'],
  ['amount_confirmation', '額の確定'],
  ['refund', '返還'],
] as const;
type Step = (typeof STEPS)[number][0];

/** Today in JST as YYYY-MM-DD (the calendar date on the office's documents). */
const todayJst = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
/** `2025-01-20` → `2025年1月20日`. */
const dateLabel = (date: string) => {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

/** 確定後の手続: 交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還, in order, each with its date and reason. */
export function GrantStepsSection({ year, isAdmin }: { year: FiscalYearView; isAdmin: boolean }) {
  const recorded = year.grantSteps ?? [];
  const next = STEPS.find(([step]) => !recorded.some((r) => r.step === step));
  const [done, setDone] = useState<string>();

  return (
    <Section title="確定後の手続" id="grant-steps">
      <p className="text-std-16N-170">交付額の確定後、交付申請 → 交付決定 → 実績報告 → 額の確定 の順に記録します。再算定で減額となった交付先があるときは、最後に返還を記録します。</p>
      {done && <Notice tone="success" title="記録しました">{done}</Notice>}
      {recorded.length > 0 ? (
        <Table caption="記録した手続" headers={['手続', '日付', '理由・文書番号', '記録者', '記録日時（日本時間）']}>
          {recorded.map((r) => (
            <tr key={r.step} className="border-b border-solid-gray-200">
              <th scope="row" className={`${td} font-normal`}>
                {r.title}
              </th>
              <td className={td}>{dateLabel(r.date)}</td>
              <td className={td}>{r.reason}</td>
              <td className={td}>{r.recordedBy}</td>
              <td className={td}>{jstDateTime(r.recordedAt)}</td>
            </tr>
          ))}
        </Table>
      ) : (
        <p className="text-std-16N-170">まだ記録した手続はありません。</p>
      )}
      {year.phase !== 'finalized' && <p className="text-std-16N-170">手続は年度が「交付額確定」になってから記録できます。</p>}
      {/* A fresh form for each step: what was typed for one step never carries over to the next. */}
      {isAdmin && year.phase === 'finalized' && next && <StepForm key={next[0]} fiscalYear={year.fiscalYear} step={next} onDone={setDone} />}
    </Section>
  );
}

function StepForm({ fiscalYear, step, onDone }: { fiscalYear: string; step: (typeof STEPS)[number]; onDone: (text: string) => void }) {
  const refresh = useRefreshYear(fiscalYear);
  const [date, setDate] = useState(todayJst());
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [id, title] = step;
  const record = useMutation({
    mutationFn: () => answer<unknown>(api.POST('/fiscal-years/{fiscalYear}/grant-steps', { params: { path: { fiscalYear } }, body: { step: id as Step, date, reason: reason.trim() } })),
    // Said before the refresh: once the year shows the step, this form gives way to the next step's.
    onSuccess: () => {
      onDone(`${title}（${dateLabel(date)}）を記録しました。`);
      return refresh();
    },
  });
  return (
    <div className="flex max-w-3xl flex-col gap-3">
      <div className="flex flex-wrap gap-4">
        <Field id="grant-step-date" label={`${title}の日付`} required>
          <input id="grant-step-date" type="date" value={date} max={todayJst()} onChange={(event) => setDate(event.target.value)} className={input} />
        </Field>
      </div>
      <Field id="grant-step-reason" label="理由・文書番号" required>
        <input id="grant-step-reason" value={reason} maxLength={1000} onChange={(event) => setReason(event.target.value)} className={input} />
      </Field>
      {record.error && !confirming && <Notice tone="error" title="記録できませんでした">{record.error.message}</Notice>}
      <div>
        <Button onClick={() => (record.reset(), setConfirming(true))} disabled={!date || !reason.trim()}>
          {title}を記録する
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`${title}を記録しますか`}
        confirmLabel="記録する"
        busy={record.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => record.mutate(undefined, { onSettled: () => setConfirming(false) })}
      >
        <p>
          {title}を {date && dateLabel(date)} の手続として記録します。理由: {reason.trim()}。記録は取り消せません。
        </p>
      </ConfirmDialog>
    </div>
  );
}
