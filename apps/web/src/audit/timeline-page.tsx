import { Link } from 'react-router-dom';
import type { Role } from '../api/types';
import { ROLE_LABELS } from '../auth/session-context';
import { Loading, Notice, Page } from '../components/page';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { EVENT_LABELS } from '../submissions/queries';
import { useAuditParams } from './audit-params';
import { useTimeline } from './audit-queries';
import { AuditTable, bodyCell } from './audit-ui';
import { fieldLabel, readable } from './readable';
import { RecipientForm } from './recipient-form';

/** 変更の経緯: every change of one insurer or prefecture — who (and in which role), when (JST), why, before → after. */
export function TimelinePage() {
  const { fiscalYear, get, set } = useAuditParams();
  const code = get('code');
  const timeline = useTimeline(fiscalYear, code);
  return (
    <Page title="変更の経緯（タイムライン）" lead="保険者・都道府県ごとに、記録された変更をすべて、誰が・どの役割で・いつ・なぜ・何を（変更前 → 変更後）変えたかとともに示します。">
      <RecipientForm fiscalYear={fiscalYear} code={code} onSubmit={(values) => set(values)} />
      {timeline.isLoading && <Loading what="変更の経緯" />}
      {timeline.error && <Notice tone="error">{timeline.error.message}</Notice>}
      {timeline.data && (
        <>
          <p className="text-std-16N-170">
            {fiscalYearLabel(timeline.data.fiscalYear)}・{timeline.data.code}：{timeline.data.entries.length.toLocaleString('ja-JP')} 件の変更（古い順）。「この時点」で、その変更の直後の状態を表示します。
          </p>
          <AuditTable label="変更の経緯" testId="timeline" headings={['日時（日本時間）', '出来事', '操作した人（役割・利用者 ID）', '理由', '変更（前 → 後）', '状態']}>
            {timeline.data.entries.map((e) => (
              <tr key={e.position} className="border-b border-solid-gray-200">
                <td className={`${bodyCell} whitespace-nowrap`}>{jstDateTime(e.recordedAt)}</td>
                <td className={bodyCell}>{EVENT_LABELS[e.type] ?? e.type}</td>
                <td className={bodyCell}>
                  {e.actorRole ? (ROLE_LABELS[e.actorRole as Role] ?? e.actorRole) : '—'}
                  {e.actorId ? `（${e.actorId}）` : ''}
                </td>
                <td className={`${bodyCell} min-w-48 whitespace-pre-wrap`}>{e.reason ?? '—'}</td>
                <td className={bodyCell}>
                  <ul className="flex flex-col gap-1">
                    {e.changes.slice(0, 12).map((c) => (
                      <li key={c.field}>
                        {fieldLabel(c.field)}: {readable(c.field, c.before)} → {readable(c.field, c.after)}
                      </li>
                    ))}
                    {e.changes.length > 12 && <li>ほか {(e.changes.length - 12).toLocaleString('ja-JP')} 項目</li>}
                  </ul>
                </td>
                <td className={`${bodyCell} whitespace-nowrap`}>
                  <Link to={`/app/audit/as-of?fy=${timeline.data.fiscalYear}&code=${timeline.data.code}&asOf=${e.position}`} className="text-blue-900 underline">
                    この時点
                    <span className="sr-only">（{jstDateTime(e.recordedAt)}の変更の直後）</span>
                  </Link>
                </td>
              </tr>
            ))}
            {timeline.data.entries.length === 0 && (
              <tr>
                <td colSpan={6} className={bodyCell}>
                  記録はありません。
                </td>
              </tr>
            )}
          </AuditTable>
        </>
      )}
    </Page>
  );
}
