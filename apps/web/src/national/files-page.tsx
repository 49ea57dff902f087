import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { isWorkbook, XLSX_CONTENT_TYPE } from '../api/upload';
import { useSignedIn } from '../auth/session-context';
import { Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel } from '../format/format';
import { PHASE_LABELS, useYear } from '../years/queries';
import { FileUpload } from './file-upload';
import { input } from './ui';
import { useRefreshYear } from './year-queries';

const ENCODINGS = [
  ['auto', '自動判定（UTF-8 または Shift_JIS）'],
  ['utf-8', 'UTF-8'],
  ['shift_jis', 'Shift_JIS'],
] as const;

interface RegisterImported {
  readonly rows: number;
  readonly changed: number;
  readonly encoding: string;
  readonly idempotentReplay: boolean;
}
interface FiguresImported {
  readonly format: string;
  readonly layout: string;
  readonly rows: number;
  readonly applied: number;
}

/** 名簿・国の数値の取込: the insurers' register (CSV) and the national figures (CSV or Excel), each all or nothing. */
export function FilesPage() {
  const { fiscalYear = '' } = useParams();
  const session = useSignedIn();
  const year = useYear(fiscalYear);
  const refresh = useRefreshYear(fiscalYear);
  const [registerEncoding, setRegisterEncoding] = useState<string>('auto');
  const [figuresEncoding, setFiguresEncoding] = useState<string>('auto');
  if (year.isLoading) return <Loading what="年度" />;
  if (year.error || !year.data) return <Notice tone="error">{year.error?.message ?? `${fiscalYear} は開始されていません。`}</Notice>;
  const base = `/fiscal-years/${fiscalYear}`;
  const encodingSelect = (id: string, value: string, set: (v: string) => void) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-std-16B-170">
        文字コード（CSV）
      </label>
      <select id={id} value={value} onChange={(event) => set(event.target.value)} className={`${input} w-fit`}>
        {ENCODINGS.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <Page
      title={`${fiscalYearLabel(fiscalYear)}の名簿・国の数値の取込`}
      lead={
        <>
          ファイルは全体を確認してから取り込みます。誤りが1件でもあれば何も保存せず、行と列ごとに誤りを示します。同じファイルを再度送っても二重には記録されません。{' '}
          <Link to={`/app/national/${fiscalYear}`} className="text-blue-900 underline">
            ← 年度の状況に戻る
          </Link>
        </>
      }
    >
      <p className="text-std-16N-170">年度の段階: {PHASE_LABELS[year.data.phase] ?? year.data.phase}</p>
      <Section title="保険者名簿（CSV）" id="register">
        {session.role === 'national-admin' ? (
          <FileUpload<RegisterImported>
            name="保険者名簿"
            accept=".csv,text/csv"
            hint="列: 保険者番号, 保険者名, [都道府県コード], 第1号被保険者数。1行目は見出しです。最大 20 MB。"
            pathFor={(file) => `${base}/insurers/import?encoding=${registerEncoding}&fileName=${encodeURIComponent(file.name)}`}
            contentTypeOf={() => 'text/csv'}
            describe={(r) => (r.idempotentReplay ? `同じファイルは取込済みのため、変更はありません（${r.rows.toLocaleString('ja-JP')}行）。` : `${r.rows.toLocaleString('ja-JP')}行を読み、${r.changed.toLocaleString('ja-JP')}団体を登録・更新しました（${r.encoding}）。`)}
            confirmText={(file) => `「${file.name}」（${Math.ceil(file.size / 1024).toLocaleString('ja-JP')} KB）を${fiscalYearLabel(fiscalYear)}の保険者名簿として取り込みます。名簿にある団体の登録内容が置き換わります。`}
            onDone={() => void refresh()}
            extra={encodingSelect('register-encoding', registerEncoding, setRegisterEncoding)}
          />
        ) : (
          <p className="text-std-16N-170">保険者名簿の取込は国の管理者が行います。</p>
        )}
      </Section>
      <Section title="国の数値（CSV・Excel）" id="figures">
        <FileUpload<FiguresImported>
          name="国の数値"
          accept=".csv,.xlsx,text/csv"
          hint="縦持ち（保険者番号, 指標ID, 数値）または横持ち（保険者番号と指標IDごとの列）。提出締切後に取り込めます。最大 20 MB。"
          pathFor={(file) => `${base}/national-figures/import${isWorkbook(file) ? '' : `?encoding=${figuresEncoding}`}`}
          contentTypeOf={(file) => (isWorkbook(file) ? XLSX_CONTENT_TYPE : 'text/csv')}
          describe={(r) => `${r.rows.toLocaleString('ja-JP')}行を読み、${r.applied.toLocaleString('ja-JP')}指標の数値を記録しました（${r.format === 'xlsx' ? 'Excel' : 'CSV'}・${r.layout === 'wide' ? '横持ち' : '縦持ち'}）。`}
          confirmText={(file) => `「${file.name}」（${Math.ceil(file.size / 1024).toLocaleString('ja-JP')} KB）を${fiscalYearLabel(fiscalYear)}の国の数値として取り込みます。ファイルにある指標の数値が置き換わります。`}
          onDone={() => void refresh()}
          extra={encodingSelect('figures-encoding', figuresEncoding, setFiguresEncoding)}
        />
      </Section>
    </Page>
  );
}
