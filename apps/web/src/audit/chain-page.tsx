import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { answer, api } from '../api/client';
import type { ChainReport, RecipientTimeline, ReplayReport, Role } from '../api/types';
import { ROLE_LABELS } from '../auth/session-context';
import { Button } from '../components/button';
import { Facts, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { STATUS_LABELS } from '../components/status-badge';
import { EVENT_LABELS } from '../submissions/queries';
import { useYears } from '../years/queries';
import { defaultYear } from '../years/year-picker';

const cell = 'px-3 py-2 text-dns-16N-130 align-top';

/** A changed value as people read it: answers as はい / いいえ or the chosen options, statuses by their names. */
function readable(field: string, value: string | null): string {
  if (value === null) return '（なし）';
  if (field === 'status') return STATUS_LABELS[value as keyof typeof STATUS_LABELS] ?? value;
  if (value.startsWith('{')) {
    try {
      const answer = JSON.parse(value) as { answerType?: string; yes?: boolean; optionIds?: string[] };
      if (answer.answerType === 'yes_no') return answer.yes ? 'はい' : 'いいえ';
      if (answer.answerType === 'choice') return answer.optionIds?.length ? `選択肢 ${answer.optionIds.join('、')}` : '該当なし';
    } catch {
      return value;
    }
  }
  return value;
}
const head = 'border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130 text-left';

/** 監査: the hash chain verified, a year replayed against what was recorded, and one recipient's change history. */
export function AuditPage() {
  const { years } = useYears();
  const [chosen, setChosen] = useState<string>();
  const fiscalYear = chosen ?? defaultYear(years)?.fiscalYear ?? '';
  const [code, setCode] = useState('');
  const yearId = useId();
  const codeId = useId();
  const chain = useMutation({ mutationFn: () => answer<ChainReport>(api.GET('/audit/chain')) });
  const replay = useMutation({ mutationFn: (fy: string) => answer<ReplayReport>(api.GET('/audit/fiscal-years/{fiscalYear}/replay', { params: { path: { fiscalYear: fy } } })) });
  const timeline = useMutation({
    mutationFn: ({ fy, recipient }: { fy: string; recipient: string }) =>
      answer<RecipientTimeline>(api.GET('/audit/fiscal-years/{fiscalYear}/timeline/{code}', { params: { path: { fiscalYear: fy, code: recipient } } })),
  });

  return (
    <Page title="監査" lead="記録（イベント）が改ざんされていないこと、記録だけから評価と算定を再現できること、保険者・都道府県ごとの変更の経緯を確かめます。">
      <Section title="ハッシュチェーンの検証" id="chain">
        <p className="text-std-16N-170">最初の記録から順にハッシュを計算し直し、つながりが壊れていないかを確かめます。年度ごとのダイジェストは、システムの外に控えておくと後日の照合に使えます。</p>
        <div>
          <Button onClick={() => chain.mutate()} disabled={chain.isPending}>
            {chain.isPending ? '検証中…' : '検証する'}
          </Button>
        </div>
        {chain.error && <Notice tone="error">{chain.error.message}</Notice>}
        {chain.data && (
          <>
            <Notice tone={chain.data.ok ? 'success' : 'error'} title={chain.data.ok ? '改ざんは検出されませんでした' : '記録のつながりが壊れています'}>
              {chain.data.checked.toLocaleString('ja-JP')} 件の記録を検証しました。
            </Notice>
            <Facts items={[['先頭のダイジェスト', <code key="d" className="break-all font-mono text-dns-14N-130">{chain.data.head.digest}</code>]]} />
            <table className="w-full border-collapse" aria-label="年度ごとのダイジェスト">
              <thead className="bg-solid-gray-50">
                <tr>
                  <th scope="col" className={head}>年度</th>
                  <th scope="col" className={head}>記録の件数</th>
                  <th scope="col" className={head}>ダイジェスト</th>
                </tr>
              </thead>
              <tbody>
                {chain.data.fiscalYears.map((y) => (
                  <tr key={y.fiscalYear} className="border-b border-solid-gray-200">
                    <td className={cell}>{fiscalYearLabel(y.fiscalYear)}</td>
                    <td className={`${cell} text-right`}>{y.events.toLocaleString('ja-JP')}件</td>
                    <td className={`${cell} break-all font-mono`}>{y.digest}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Section>

      <div className="flex flex-col gap-1">
        <label htmlFor={yearId} className="text-std-16B-170">
          対象の年度
        </label>
        <select id={yearId} value={fiscalYear} onChange={(event) => setChosen(event.target.value)} className="min-h-11 w-80 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
          {years.map((y) => (
            <option key={y.fiscalYear} value={y.fiscalYear}>
              {fiscalYearLabel(y.fiscalYear)}
            </option>
          ))}
        </select>
      </div>

      <Section title="再計算による照合（リプレイ）" id="replay">
        <p className="text-std-16N-170">年度の記録だけから状態を組み立て直し、記録された評価・試算・再算定をすべて計算し直して、食い違いを一覧にします。</p>
        <div>
          <Button onClick={() => replay.mutate(fiscalYear)} disabled={replay.isPending || !fiscalYear}>
            {replay.isPending ? '照合中…' : '照合する'}
          </Button>
        </div>
        {replay.error && <Notice tone="error">{replay.error.message}</Notice>}
        {replay.data && (
          <>
            <Notice tone={replay.data.reproduced ? 'success' : 'error'} title={replay.data.reproduced ? '記録どおりに再現できました' : `${replay.data.mismatches.length} 件の食い違いがあります`}>
              記録 {replay.data.events.toLocaleString('ja-JP')} 件、照合した決定 {replay.data.decisions.toLocaleString('ja-JP')} 件。
            </Notice>
            {replay.data.mismatches.length > 0 && (
              <table className="w-full border-collapse" aria-label="食い違い">
                <thead className="bg-solid-gray-50">
                  <tr>
                    {['位置', '出来事', '対象', '項目', '記録', '再計算'].map((h) => (
                      <th key={h} scope="col" className={head}>
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {replay.data.mismatches.map((m) => (
                    <tr key={`${m.position}-${m.recipient}-${m.field}`} className="border-b border-solid-gray-200">
                      <td className={cell}>{m.position}</td>
                      <td className={cell}>{m.type}</td>
                      <td className={cell}>{m.recipient ?? '—'}</td>
                      <td className={cell}>{m.field}</td>
                      <td className={cell}>{m.recorded}</td>
                      <td className={cell}>{m.recomputed}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Section>

      <Section title="変更の経緯（タイムライン）" id="timeline">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            timeline.mutate({ fy: fiscalYear, recipient: code.trim() });
          }}
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={codeId} className="text-std-16B-170">
              保険者番号（6桁）または都道府県コード（2桁）
            </label>
            <input id={codeId} value={code} onChange={(event) => setCode(event.target.value)} inputMode="numeric" className="min-h-11 w-64 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170" />
          </div>
          <Button type="submit" disabled={timeline.isPending || !/^(\d{2}|\d{6})$/.test(code.trim())}>
            表示する
          </Button>
        </form>
        {timeline.error && <Notice tone="error">{timeline.error.message}</Notice>}
        {timeline.data && (
          <table className="w-full border-collapse" aria-label="変更の経緯">
            <thead className="bg-solid-gray-50">
              <tr>
                {['日時（日本時間）', '出来事', '操作した人', '理由', '変更（前 → 後）'].map((h) => (
                  <th key={h} scope="col" className={head}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {timeline.data.entries.map((e) => (
                <tr key={e.position} className="border-b border-solid-gray-200">
                  <td className={`${cell} whitespace-nowrap`}>{jstDateTime(e.recordedAt)}</td>
                  <td className={cell}>{EVENT_LABELS[e.type] ?? e.type}</td>
                  <td className={cell}>
                    {e.actorRole ? (ROLE_LABELS[e.actorRole as Role] ?? e.actorRole) : '—'}
                    {e.actorId ? `（${e.actorId}）` : ''}
                  </td>
                  <td className={`${cell} min-w-48 whitespace-pre-wrap`}>{e.reason ?? '—'}</td>
                  <td className={cell}>
                    <ul className="flex flex-col gap-1">
                      {e.changes.map((c) => (
                        <li key={c.field}>
                          <span className="font-mono">{c.field}</span>: {readable(c.field, c.before)} → {readable(c.field, c.after)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
              {timeline.data.entries.length === 0 && (
                <tr>
                  <td colSpan={5} className={cell}>
                    記録はありません。
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </Section>
    </Page>
  );
}
