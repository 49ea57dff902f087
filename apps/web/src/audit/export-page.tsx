import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { download } from '../api/download';
import { Button } from '../components/button';
import { Notice, Page } from '../components/page';
import { fiscalYearLabel } from '../format/format';
import { useYears } from '../years/queries';

/** 記録の書出し: the log (or one year's events) exactly as stored, as NDJSON, for verification outside the system. */
export function ExportPage() {
  const { years } = useYears();
  const [fiscalYear, setFiscalYear] = useState('');
  const id = useId();
  const exported = useMutation({ mutationFn: (fy: string) => download(`/audit/export${fy ? `?fiscalYear=${fy}` : ''}`, `events-${fy || 'all'}.ndjson`) });
  return (
    <Page title="記録の書出し" lead="記録（イベント）を保存されたとおりに、1行1件の NDJSON ファイルに書き出します。各行にはハッシュチェーンの値が含まれ、最後の行に件数と最後の記録のダイジェストが入ります。">
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={id} className="text-std-16B-170">
            書き出す範囲
          </label>
          <select id={id} value={fiscalYear} onChange={(event) => setFiscalYear(event.target.value)} className="min-h-11 w-80 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
            <option value="">すべての記録（チェーン全体）</option>
            {years.map((y) => (
              <option key={y.fiscalYear} value={y.fiscalYear}>
                {fiscalYearLabel(y.fiscalYear)}の記録のみ
              </option>
            ))}
          </select>
        </div>
        <Button onClick={() => exported.mutate(fiscalYear)} disabled={exported.isPending}>
          {exported.isPending ? '書出し中…' : 'ダウンロード'}
        </Button>
      </div>
      {exported.error && <Notice tone="error">{exported.error.message}</Notice>}
      {exported.data && <Notice tone="success" title="書き出しました">ファイル「{exported.data}」をダウンロードしました。</Notice>}
      <Notice title="書き出したファイルの使い方">
        すべての記録を書き出したファイルは、最初の記録からハッシュチェーンをたどって検証でき、コマンドライン（cli import）で別のデータベースに復元できます。年度のみのファイルは、その年度の記録を読むためのものです。
      </Notice>
    </Page>
  );
}
