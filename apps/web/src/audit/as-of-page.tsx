import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '../components/button';
import { Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstInputToIso } from '../format/format';
import { setAsOfMode, useAsOfMode } from './as-of-mode';
import { useAuditParams } from './audit-params';
import { useRecipientAsOf } from './audit-queries';
import { asOfLabel, AuditTable, bodyCell } from './audit-ui';
import { fieldLabel, readable } from './readable';
import { RecipientForm } from './recipient-form';

const input = 'min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170';

/** The moment chosen: a position of the log when given, else the JST date and time as an ISO time with +09:00. */
function momentOf(position: string, local: string): string | undefined {
  if (/^\d+$/.test(position.trim())) return position.trim();
  return local ? jstInputToIso(local) : undefined;
}

/** ある時点の状態: one recipient as the records stood at a chosen moment beside now, and every page at that moment. */
export function AsOfPage() {
  const { fiscalYear, get, set } = useAuditParams();
  const code = get('code');
  const asOf = get('asOf');
  const [local, setLocal] = useState('');
  const [position, setPosition] = useState('');
  const localId = useId();
  const positionId = useId();
  const then = useRecipientAsOf(fiscalYear, code, asOf);
  const now = useRecipientAsOf(fiscalYear, code, undefined);
  const mode = useAsOfMode();
  const queries = useQueryClient();
  const fields = [...new Set([...Object.keys(then.data?.view ?? {}), ...Object.keys(now.data?.view ?? {})])].sort();
  const showPagesAt = (moment: string | undefined) => {
    setAsOfMode(moment);
    void queries.resetQueries();
  };
  const moment = (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor={localId} className="text-std-16B-170">
          日時（日本時間）
        </label>
        <input id={localId} type="datetime-local" value={local} onChange={(event) => setLocal(event.target.value)} className={input} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={positionId} className="text-std-16B-170">
          または記録の位置
        </label>
        <input id={positionId} value={position} onChange={(event) => setPosition(event.target.value)} inputMode="numeric" className={`${input} w-40`} />
      </div>
    </>
  );
  return (
    <Page title="ある時点の状態" lead="選んだ時点までの記録だけで、保険者・都道府県の状態（回答、得点、順位、交付額など）を組み立て直し、現在と並べて示します。各画面をその時点の記録で表示することもできます。">
      <RecipientForm fiscalYear={fiscalYear} code={code} extra={moment} onSubmit={(values) => set({ ...values, asOf: momentOf(position, local) ?? asOf })} />
      {!asOf && code && <Notice>時点（日時または記録の位置）を入れてください。</Notice>}
      {(then.isLoading || now.isLoading) && <Loading what="その時点の状態" />}
      {then.error && <Notice tone="error">{then.error.message}</Notice>}
      {asOf && then.data && now.data && (
        <Section title={`${fiscalYearLabel(then.data.fiscalYear)}・${then.data.code}：${asOfLabel(asOf)}と現在`} id="as-of-view">
          <p className="text-std-16N-170">
            年度の記録のうち、この時点の最後のものは位置 {then.data.position ? Number(then.data.position).toLocaleString('ja-JP') : '（なし）'} です。違いのある行に「変更あり」と示します。
            <Link to={`/app/audit/timeline?fy=${then.data.fiscalYear}&code=${then.data.code}`} className="ml-2 text-blue-900 underline">
              変更の経緯を見る
            </Link>
          </p>
          <AuditTable label="その時点の状態" testId="as-of-view" headings={['項目', 'その時点', '現在', '']}>
            {fields.map((field) => {
              const [before, after] = [then.data.view[field] ?? null, now.data.view[field] ?? null];
              return (
                <tr key={field} className={`border-b border-solid-gray-200 ${before !== after ? 'bg-yellow-50' : ''}`}>
                  <td className={bodyCell}>{fieldLabel(field)}</td>
                  <td className={bodyCell}>{readable(field, before)}</td>
                  <td className={bodyCell}>{readable(field, after)}</td>
                  <td className={`${bodyCell} whitespace-nowrap`}>{before !== after ? '変更あり' : ''}</td>
                </tr>
              );
            })}
          </AuditTable>
        </Section>
      )}
      <Section title="各画面をこの時点で表示する" id="as-of-mode">
        <p className="text-std-16N-170">
          表示を切り替えると、年度一覧や提出状況などの画面が、選んだ時点までの記録で表示されます（画面の上に時点が出ます）。操作（保存・提出など）は常に現在の記録に対して行われます。
        </p>
        <div className="flex flex-wrap gap-3">
          <Button onClick={() => showPagesAt(asOf)} disabled={!asOf || mode === asOf}>
            {asOf ? `${asOfLabel(asOf)}で各画面を表示する` : '時点を選ぶと各画面を切り替えられます'}
          </Button>
          {mode && (
            <Button variant="secondary" onClick={() => showPagesAt(undefined)}>
              現在の表示に戻す
            </Button>
          )}
        </div>
      </Section>
    </Page>
  );
}
