import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { Button } from '../components/button';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { AuditTable, bodyCell } from './audit-ui';
import { useCheckpoints, verifyChain } from './audit-queries';

/** The audit's pages, for the national roles whose menu names only 監査. */
export const AUDIT_PAGES = [
  { to: '/app/audit', label: 'ハッシュチェーンの検証', what: '記録が改ざんされていないことと署名済みチェックポイントを確かめます。' },
  { to: '/app/audit/replay', label: '再計算による照合', what: '記録だけから評価と算定を計算し直し、食い違いを一覧にします。' },
  { to: '/app/audit/timeline', label: '変更の経緯', what: '保険者・都道府県ごとに、誰が・いつ・なぜ・何を変えたかを示します。' },
  { to: '/app/audit/as-of', label: 'ある時点の状態', what: '選んだ時点の記録で、団体の状態や各画面を表示します。' },
  { to: '/app/audit/diff', label: '算定の比較', what: '二つの算定（試算・確定・再算定）の交付額の差を千円単位で示します。' },
  { to: '/app/audit/export', label: '記録の書出し', what: '記録をそのまま NDJSON ファイルに書き出し、システムの外で検証できるようにします。' },
] as const;

const SIGNED_AFTER: Record<string, string> = { FiscalYearPhaseAdvanced: '段階の変更', GrantsFinalized: '交付額の確定', GrantsRecalculated: '再算定' };

/** `GrantsFinalized grant_calculation-FY2024` (signed automatically) → `交付額の確定（grant_calculation-FY2024）`; a person's reason as written. */
function reasonLabel(reason: string): string {
  const [type, stream, ...rest] = reason.split(' ');
  return rest.length === 0 && stream && SIGNED_AFTER[type] ? `${SIGNED_AFTER[type]}（${stream}）` : reason;
}

/** 監査: the hash chain verified from the first event, the yearly digests, and the signed checkpoints of the chain head. */
export function ChainPage() {
  const chain = useMutation({ mutationFn: verifyChain });
  const checkpoints = useCheckpoints();
  return (
    <Page title="監査" lead="記録（イベント）が改ざんされていないこと、記録だけから評価と算定を再現できること、団体ごとの変更の経緯を確かめます。">
      <nav aria-label="監査の機能">
        <ul className="grid gap-2 md:grid-cols-2">
          {AUDIT_PAGES.slice(1).map((p) => (
            <li key={p.to} className="text-std-16N-170">
              <Link to={p.to} className="text-std-16B-170 text-blue-900 underline">
                {p.label}
              </Link>
              ：{p.what}
            </li>
          ))}
        </ul>
      </nav>
      <Section title="ハッシュチェーンの検証" id="chain">
        <p className="text-std-16N-170">最初の記録から順にハッシュを計算し直し、つながりが壊れていないか、署名済みチェックポイントと一致するかを確かめます。年度ごとのダイジェストは、システムの外に控えておくと後日の照合に使えます。</p>
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
            <Notice tone={chain.data.checkpoints.ok ? 'success' : 'error'} title={chain.data.checkpoints.ok ? '署名済みチェックポイントと一致しました' : '署名済みチェックポイントと一致しません'}>
              この鍵のチェックポイント {chain.data.checkpoints.checked.toLocaleString('ja-JP')} 件を照合しました（不一致 {chain.data.checkpoints.failed.toLocaleString('ja-JP')} 件）。
            </Notice>
            <Facts items={[['先頭のダイジェスト', <code key="d" data-testid="chain-digest" className="break-all font-mono text-dns-14N-130">{chain.data.head.digest}</code>]]} />
            <AuditTable label="年度ごとのダイジェスト" headings={['年度', '記録の件数', 'ダイジェスト']}>
              {chain.data.fiscalYears.map((y) => (
                <tr key={y.fiscalYear} className="border-b border-solid-gray-200">
                  <td className={bodyCell}>{fiscalYearLabel(y.fiscalYear)}</td>
                  <td className={`${bodyCell} text-right`}>{y.events.toLocaleString('ja-JP')}件</td>
                  <td className={`${bodyCell} break-all font-mono`}>{y.digest}</td>
                </tr>
              ))}
            </AuditTable>
          </>
        )}
      </Section>
      <Section title="署名済みチェックポイント" id="checkpoints">
        <p className="text-std-16N-170">段階の変更や交付額の確定のたびに、その時点の記録の先頭（位置とハッシュ）にシステムの鍵で署名しています。公開鍵で署名を確かめられます。</p>
        {checkpoints.isLoading && <Loading what="チェックポイント" />}
        {checkpoints.error && <Notice tone="error">{checkpoints.error.message}</Notice>}
        {checkpoints.data && (
          <>
            <AuditTable label="署名済みチェックポイント" testId="checkpoints" headings={['署名日時（日本時間）', '記録の位置', '理由', '依頼者', 'ハッシュ']}>
              {[...checkpoints.data.checkpoints].reverse().map((c) => (
                <tr key={c.id} className="border-b border-solid-gray-200">
                  <td className={`${bodyCell} whitespace-nowrap`}>{jstDateTime(c.signedAt)}</td>
                  <td className={`${bodyCell} text-right`}>{Number(c.position).toLocaleString('ja-JP')}</td>
                  <td className={bodyCell}>{reasonLabel(c.reason)}</td>
                  <td className={bodyCell}>{c.requestedBy ?? '（自動）'}</td>
                  <td className={`${bodyCell} break-all font-mono`}>{c.hash}</td>
                </tr>
              ))}
              {checkpoints.data.checkpoints.length === 0 && (
                <tr>
                  <td colSpan={5} className={bodyCell}>
                    まだチェックポイントはありません。
                  </td>
                </tr>
              )}
            </AuditTable>
            {checkpoints.data.keys.map((k) => (
              <details key={k.keyId} className="text-std-16N-170">
                <summary className="cursor-pointer text-blue-900 underline">
                  公開鍵 {k.keyId.slice(0, 16)}…{k.current ? '（現在の鍵）' : '（以前の鍵）'}
                </summary>
                <pre className="mt-2 overflow-x-auto rounded-8 bg-solid-gray-50 p-3 font-mono text-dns-14N-130">{k.publicKey}</pre>
              </details>
            ))}
          </>
        )}
      </Section>
    </Page>
  );
}
