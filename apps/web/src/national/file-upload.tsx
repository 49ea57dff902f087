import { useId, useState, type ReactNode } from 'react';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Notice } from '../components/page';
import { japanese } from '../format/format';
import { Table, td } from './ui';
import { issuesOf, uploadFile, type FileIssue } from '../api/upload';

type State =
  | { readonly at: 'idle' }
  | { readonly at: 'sending'; readonly sent: number; readonly total: number }
  | { readonly at: 'checking' }
  | { readonly at: 'done'; readonly text: string }
  | { readonly at: 'refused'; readonly message: string; readonly issues: readonly FileIssue[] };

const KB = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('ja-JP')} KB`;

/**
 * A file sent to the service with a real progress bar (bytes sent), then "確認中" while the service reads it; a refused
 * file lists every problem by line and column, as the service found them. Nothing is stored unless the whole file is
 * accepted.
 */
export function FileUpload<T>({
  name,
  accept,
  hint,
  pathFor,
  contentTypeOf,
  describe,
  confirmText,
  onDone,
  extra,
}: {
  name: string;
  accept: string;
  hint: string;
  pathFor: (file: File) => string;
  contentTypeOf: (file: File) => string;
  describe: (body: T) => string;
  confirmText: (file: File) => string;
  onDone?: () => void;
  extra?: ReactNode;
}) {
  const id = useId();
  const [file, setFile] = useState<File>();
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<State>({ at: 'idle' });
  const busy = state.at === 'sending' || state.at === 'checking';

  const send = async (chosen: File) => {
    setConfirming(false);
    setState({ at: 'sending', sent: 0, total: chosen.size });
    const outcome = await uploadFile<T>(pathFor(chosen), chosen, contentTypeOf(chosen), (sent, total) => setState({ at: 'sending', sent, total }), () => setState({ at: 'checking' }));
    if (outcome.ok) {
      setState({ at: 'done', text: describe(outcome.body) });
      onDone?.();
    } else {
      const issues = issuesOf(outcome.error);
      // The service's summary repeats the first issue in both languages; the table below says it in Japanese.
      const message =
        outcome.error?.code === 'CSV.INVALID' && issues.length > 0
          ? `${issues.length.toLocaleString('ja-JP')}件の誤りがあります（下の表）。ファイルを修正して、もう一度取り込んでください。`
          : outcome.error
            ? japanese(outcome.error.message)
            : `サーバーに接続できませんでした（${outcome.status}）。`;
      setState({ at: 'refused', message, issues });
    }
  };

  const percent = state.at === 'sending' ? Math.floor((state.sent * 100) / Math.max(1, state.total)) : state.at === 'idle' ? 0 : 100;
  return (
    <div className="flex max-w-4xl flex-col gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-std-16B-170">
          {name}
        </label>
        <p id={`${id}-hint`} className="text-std-16N-170 text-solid-gray-800">
          {hint}
        </p>
        <input
          id={id}
          type="file"
          accept={accept}
          aria-describedby={`${id}-hint`}
          disabled={busy}
          onChange={(event) => {
            setFile(event.target.files?.[0]);
            setState({ at: 'idle' });
          }}
          className="text-std-16N-170 file:mr-4 file:min-h-11 file:cursor-pointer file:rounded-8 file:border-2 file:border-solid file:border-blue-900 file:bg-white file:px-4 file:py-2 file:text-oln-16B-100 file:text-blue-900 hover:file:bg-blue-50"
        />
      </div>
      {extra}
      <div>
        <Button onClick={() => setConfirming(true)} disabled={!file || busy}>
          {busy ? '取込中…' : `${name}を取り込む`}
        </Button>
      </div>
      {state.at !== 'idle' && state.at !== 'refused' && (
        <div className="flex flex-col gap-1">
          <progress max={100} value={percent} aria-label={`${name}の送信状況`} className="h-4 w-full max-w-xl" />
          <p role="status" className="text-std-16N-170">
            {state.at === 'sending' && `送信中… ${percent}%（${KB(state.sent)} / ${KB(state.total)}）`}
            {state.at === 'checking' && '送信しました（100%）。サーバーで内容を確認しています…'}
            {state.at === 'done' && `取込が完了しました。${state.text}`}
          </p>
        </div>
      )}
      {state.at === 'refused' && (
        <>
          <Notice tone="error" title="ファイルを取り込めませんでした（何も保存していません）">
            {state.message}
          </Notice>
          {state.issues.length > 0 && (
            <Table caption={`${name}の誤り（行・列ごと）`} headers={['行', '列', '内容']} right={[0]}>
              {state.issues.map((issue, i) => (
                <tr key={`${issue.line}-${issue.column}-${i}`} className="border-b border-solid-gray-200">
                  <td className={`${td} text-right`}>{issue.line === 0 ? 'ファイル全体' : `${issue.line.toLocaleString('ja-JP')}行目`}</td>
                  <td className={td}>{issue.column || '—'}</td>
                  <td className={td}>{japanese(issue.message)}</td>
                </tr>
              ))}
            </Table>
          )}
        </>
      )}
      <ConfirmDialog open={confirming} title={`${name}を取り込みますか`} confirmLabel="取り込む" onCancel={() => setConfirming(false)} onConfirm={() => file && void send(file)}>
        <p>{file ? confirmText(file) : ''}</p>
      </ConfirmDialog>
    </div>
  );
}
