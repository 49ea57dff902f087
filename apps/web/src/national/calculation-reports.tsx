import { useState } from 'react';
import { download } from '../api/download';
import { Button } from '../components/button';
import { Notice, Section } from '../components/page';

const REPORTS = [
  { label: '交付額一覧（CSV・UTF-8）', query: 'format=csv', fallback: 'report.csv' },
  { label: '交付額一覧（CSV・Shift_JIS）', query: 'format=csv&encoding=shift_jis', fallback: 'report-sjis.csv' },
  { label: '交付額一覧（Excel）', query: 'format=xlsx', fallback: 'report.xlsx' },
] as const;

/** 5. The 交付額一覧 of the calculation in force, as offices file it: 推進 / 支援 / 合計 per recipient in 千円. */
export function Reports({ fiscalYear, hasCalculation, title = '5. 帳票のダウンロード' }: { fiscalYear: string; hasCalculation: boolean; title?: string }) {
  const [busy, setBusy] = useState<string>();
  const [result, setResult] = useState<{ tone: 'success' | 'error'; text: string }>();
  const fetchReport = async (report: (typeof REPORTS)[number]) => {
    setBusy(report.label);
    setResult(undefined);
    try {
      const name = await download(`/fiscal-years/${fiscalYear}/calculations/report?${report.query}`, report.fallback);
      setResult({ tone: 'success', text: `${name} をダウンロードしました。` });
    } catch (error) {
      setResult({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Section title={title} id="reports">
      <p className="text-std-16N-170">現在有効な算定（確定後は確定額、確定前は最新の試算）の交付額一覧です。推進・支援・合計を交付先ごとに千円単位で出力します。</p>
      {!hasCalculation && <p className="text-std-16N-170">試算を実行すると、ダウンロードできるようになります。</p>}
      {result && <Notice tone={result.tone}>{result.text}</Notice>}
      <div className="flex flex-wrap gap-3">
        {REPORTS.map((report) => (
          <Button key={report.label} variant="secondary" disabled={!hasCalculation || busy !== undefined} onClick={() => void fetchReport(report)}>
            {busy === report.label ? 'ダウンロード中…' : report.label}
          </Button>
        ))}
      </div>
    </Section>
  );
}
