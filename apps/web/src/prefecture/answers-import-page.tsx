import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { download } from '../api/download';
import { isWorkbook, XLSX_CONTENT_TYPE } from '../api/upload';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, withJstTimes } from '../format/format';
import { prefectureName } from '../shared/domain';
import { usePrefectureBoard } from '../submissions/queries';
import { FileIssues, RefusedInsurers, UploadProgress } from './import-problems';
import { type AnswersImportResult, importProblems, uploadFile } from './upload';

type Encoding = 'auto' | 'utf-8' | 'shift_jis';
const ENCODINGS: Record<Encoding, string> = { auto: '自動判定（UTF-8 または Shift_JIS）', 'utf-8': 'UTF-8', shift_jis: 'Shift_JIS' };
const TEMPLATES = [
  { query: '?format=csv', label: 'CSV（UTF-8）' },
  { query: '?format=csv&encoding=shift_jis', label: 'CSV（Shift_JIS・Excel 向け）' },
  { query: '?format=xlsx', label: 'Excel（選択肢つき）' },
] as const;

/** 自己評価の一括取込: the template of the prefecture's municipalities, filled in and sent back as one file (CSV or XLSX). */
export function AnswersImportPage() {
  const { fiscalYear = '' } = useParams();
  const prefecture = useSignedIn().organisationCode;
  const { insurers } = usePrefectureBoard(fiscalYear, prefecture);
  const names = useMemo(() => new Map((insurers.data?.insurers ?? []).map((i) => [i.code, i.name])), [insurers.data]);
  const client = useQueryClient();
  const [file, setFile] = useState<File>();
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number }>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AnswersImportResult>();
  const [failure, setFailure] = useState<ApiError>();
  const [templateError, setTemplateError] = useState<string>();
  const fileId = useId();
  const encodingId = useId();
  const base = `/fiscal-years/${fiscalYear}/prefectures/${prefecture}`;

  const send = async () => {
    if (!file) return;
    setConfirming(false);
    setBusy(true);
    setResult(undefined);
    setFailure(undefined);
    setProgress({ sent: 0, total: file.size });
    try {
      const contentType = isWorkbook(file) ? XLSX_CONTENT_TYPE : 'text/csv';
      const done = await uploadFile<AnswersImportResult>(`${base}/answers-import?encoding=${encoding}`, file, contentType, (sent, total) => setProgress({ sent, total }));
      setResult(done);
      await client.invalidateQueries({ queryKey: ['submissions', fiscalYear] });
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(0, undefined));
    } finally {
      setBusy(false);
    }
  };
  const problems = failure ? importProblems(failure) : undefined;

  return (
    <Page
      title={`${prefectureName(prefecture)} 自己評価の一括取込 ${fiscalYearLabel(fiscalYear)}`}
      lead={
        <>
          管内の市町村の回答をテンプレートにまとめて記入し、1つのファイルで取り込みます。1件でも誤りがあれば何も保存せず、誤りの行と列を示します。
          <Link to={`/app/prefecture/${fiscalYear}`} className="ml-2 text-blue-900 underline">
            市町村の提出状況へ
          </Link>
        </>
      }
    >
      <Section title="1. 回答テンプレートをダウンロード" id="template">
        <p className="text-std-16N-170">管内の市町村ごと・指標ごとに1行で、現在の回答が記入済みです。「回答」の列を記入してください（選択できる値は「選択できる値」の列のとおり）。Excel 版は記入したブック（.xlsx）のまま取り込めます。</p>
        <div className="flex flex-wrap gap-3">
          {TEMPLATES.map((t) => (
            <Button
              key={t.query}
              variant="secondary"
              onClick={() => {
                setTemplateError(undefined);
                download(`${base}/answers-template${t.query}`, `answers-template-${fiscalYear}-${prefecture}`).catch((error: Error) => setTemplateError(error.message));
              }}
            >
              {t.label}をダウンロード
            </Button>
          ))}
        </div>
        {templateError && <Notice tone="error" title="ダウンロードできませんでした">{templateError}</Notice>}
      </Section>

      <Section title="2. 記入したファイルを取り込む" id="upload">
        <form
          noValidate
          className="flex max-w-3xl flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (file) setConfirming(true);
          }}
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={fileId} className="text-std-17B-170">
              記入したファイル（CSV または Excel）
            </label>
            <input id={fileId} type="file" accept={`.csv,text/csv,.xlsx,${XLSX_CONTENT_TYPE}`} onChange={(event) => setFile(event.target.files?.[0])} className="text-std-16N-170 file:mr-3 file:min-h-11 file:rounded-8 file:border-2 file:border-blue-900 file:bg-white file:px-4 file:text-blue-900" />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor={encodingId} className="text-std-17B-170">
              文字コード（CSV のとき）
            </label>
            <select id={encodingId} value={encoding} onChange={(event) => setEncoding(event.target.value as Encoding)} className="min-h-11 w-96 max-w-full rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
              {Object.entries(ENCODINGS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <Button type="submit" disabled={!file || busy}>
              取り込む
            </Button>
          </div>
        </form>
        {progress && <UploadProgress sent={progress.sent} total={progress.total} busy={busy} />}
        {result && (
          <Notice tone="success" title="取り込みました">
            {result.rows.toLocaleString('ja-JP')} 行・{result.insurers} 保険者分の回答を確認し、{result.applied} 保険者分を保存しました
            {result.applied < result.insurers ? `（残り ${result.insurers - result.applied} 保険者分は同じファイルで保存済み）` : ''}。{result.encoding === 'xlsx' ? '形式: Excel（.xlsx）' : `文字コード: ${result.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}`}。
          </Notice>
        )}
        {failure && (
          <Notice tone="error" title="取り込めませんでした（何も保存していません）">
            {problems && problems.issues.length > 0
              ? `ファイルに ${problems.issues.length} 件の誤りがあります。下の表の行と列を修正して、もう一度取り込んでください。`
              : withJstTimes(failure.message)}
            {problems && problems.notLandedLines.length > 0 && <p>未保存の行: {problems.notLandedLines.slice(0, 50).join('、')}</p>}
          </Notice>
        )}
        {problems && problems.issues.length > 0 && <FileIssues issues={problems.issues} />}
        {problems && problems.refused.length > 0 && <RefusedInsurers refused={problems.refused} names={names} />}
      </Section>

      <ConfirmDialog open={confirming} title="このファイルを取り込みますか" confirmLabel="取り込む" onCancel={() => setConfirming(false)} onConfirm={() => void send()}>
        <dl className="flex flex-col gap-2">
          <dt className="text-std-16B-170">ファイル</dt>
          <dd>
            {file?.name}（{file?.size.toLocaleString('ja-JP')} バイト）
          </dd>
          <dt className="text-std-16B-170">文字コード</dt>
          <dd>{ENCODINGS[encoding]}</dd>
        </dl>
        <p className="mt-2">記入された回答で、各市町村の回答（下書き）を上書きします。提出は各市町村が行います。</p>
      </ConfirmDialog>
    </Page>
  );
}
