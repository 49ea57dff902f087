import { useMutation } from '@tanstack/react-query';
import { Button } from '../components/button';
import { Notice, Page } from '../components/page';
import { fiscalYearLabel } from '../format/format';
import { EVENT_LABELS } from '../submissions/queries';
import { useAuditParams } from './audit-params';
import { replayYear } from './audit-queries';
import { AuditTable, AuditYearSelect, bodyCell } from './audit-ui';

/** 再計算による照合: the year rebuilt from its events alone, every recorded decision recomputed, the mismatches listed. */
export function ReplayPage() {
  const { fiscalYear, set } = useAuditParams();
  const replay = useMutation({ mutationFn: replayYear });
  const report = replay.data?.fiscalYear === fiscalYear ? replay.data : undefined;
  return (
    <Page title="再計算による照合（リプレイ）" lead="年度の記録だけから状態を組み立て直し、記録された評価・試算・確定・再算定をすべて計算し直して、記録と食い違うものを一覧にします。">
      <div className="flex flex-wrap items-end gap-3">
        <AuditYearSelect value={fiscalYear} onChange={(fy) => set({ fy })} />
        <Button onClick={() => replay.mutate(fiscalYear)} disabled={replay.isPending || !fiscalYear}>
          {replay.isPending ? '照合中…' : '照合する'}
        </Button>
      </div>
      {replay.error && <Notice tone="error">{replay.error.message}</Notice>}
      {report && (
        <>
          <Notice tone={report.reproduced ? 'success' : 'error'} title={report.reproduced ? '記録どおりに再現できました' : `${report.mismatches.length.toLocaleString('ja-JP')} 件の食い違いがあります`}>
            {fiscalYearLabel(report.fiscalYear)}：記録 {report.events.toLocaleString('ja-JP')} 件、照合した決定 {report.decisions.toLocaleString('ja-JP')} 件。
            {!report.reproduced && ' 食い違いは、記録された値と、記録から計算し直した値が違う箇所です。位置は記録の通し番号です。'}
          </Notice>
          <AuditTable label="食い違い" testId="replay-mismatches" headings={['位置', '出来事', '対象', '項目', '記録された値', '計算し直した値']}>
            {report.mismatches.map((m) => (
              <tr key={`${m.position}-${m.recipient}-${m.field}`} className="border-b border-solid-gray-200">
                <td className={`${bodyCell} text-right`}>{m.position}</td>
                <td className={bodyCell}>{EVENT_LABELS[m.type] ?? m.type}</td>
                <td className={bodyCell}>{m.recipient ?? '—'}</td>
                <td className={`${bodyCell} font-mono`}>{m.field}</td>
                <td className={`${bodyCell} break-all`}>{m.recorded}</td>
                <td className={`${bodyCell} break-all`}>{m.recomputed}</td>
              </tr>
            ))}
            {report.mismatches.length === 0 && (
              <tr>
                <td colSpan={6} className={bodyCell}>
                  食い違いはありません。
                </td>
              </tr>
            )}
          </AuditTable>
        </>
      )}
    </Page>
  );
}
