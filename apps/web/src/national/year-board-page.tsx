import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { answer, api } from '../api/client';
import type { SubmissionList } from '../api/types';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { ConfirmDialog } from '../components/confirm-dialog';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, japanese, jstDateTime, thousandYen, warekiDateTime, withJstTimes } from '../format/format';
import { PREFECTURES } from '../shared/domain';
import { PHASE_LABELS, useReadiness, useYear } from '../years/queries';
import { DeadlineForm } from './deadline-form';

/** The phases in which a year has, or may have, calculations: from 評価確定 on. */
const CALCULATION_PHASES: readonly string[] = ['scored', 'allocated', 'finalized', 'draft_published', 'requests_open', 'requests_closed'];

/** 年度ボード: the year's phase, deadlines, what blocks the next phase, and the submissions per prefecture. */
export function YearBoardPage() {
  const { fiscalYear = '' } = useParams();
  const session = useSignedIn();
  const client = useQueryClient();
  const year = useYear(fiscalYear);
  const readiness = useReadiness(fiscalYear);
  const submissions = useQuery({
    queryKey: ['submissions', fiscalYear, 'all'],
    queryFn: () => answer<SubmissionList>(api.GET('/fiscal-years/{fiscalYear}/submissions', { params: { path: { fiscalYear } } })),
  });
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const advance = useMutation({
    mutationFn: (to: NonNullable<typeof next>) => answer<unknown>(api.POST('/fiscal-years/{fiscalYear}/phase', { params: { path: { fiscalYear } }, body: { to, ...(reason.trim() && { reason: reason.trim() }) } })),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: ['fiscal-year', fiscalYear] }), client.invalidateQueries({ queryKey: ['fiscal-years'] }), client.invalidateQueries({ queryKey: ['readiness', fiscalYear] })]),
  });

  if (year.isLoading) return <Loading what="年度" />;
  if (year.error || !year.data) return <Notice tone="error">{year.error?.message ?? `${fiscalYear} は開始されていません。`}</Notice>;
  const view = year.data;
  const next = readiness.data?.next ?? null;
  const missing = readiness.data?.missing ?? [];
  const canAdvance = session.role === 'national-admin' && next !== null && missing.length === 0;
  const byPrefecture = new Map<string, { draft: number; submitted: number; returned: number }>();
  for (const s of submissions.data?.submissions ?? []) {
    const counts = byPrefecture.get(s.prefectureCode) ?? { draft: 0, submitted: 0, returned: 0 };
    counts[s.status] += 1;
    byPrefecture.set(s.prefectureCode, counts);
  }

  return (
    <Page
      title={`${fiscalYearLabel(fiscalYear)}の状況`}
      lead={
        <Link to="/app/national" className="text-blue-900 underline">
          ← 年度一覧に戻る
        </Link>
      }
    >
      {done && <Notice tone="success" title="段階を進めました">{done}</Notice>}
      {CALCULATION_PHASES.includes(view.phase) && (
        <p className="text-std-16N-170">
          <Link to={`/app/national/${fiscalYear}/calculations`} className="text-std-17B-170 text-blue-900 underline">
            交付額の算定（試算・比較・起案・決裁・帳票）へ
          </Link>
        </p>
      )}
      <Facts
        items={[
          ['段階', <strong key="p">{PHASE_LABELS[view.phase]}</strong>],
          ['保険者の提出期限', warekiDateTime(view.deadlines.submissionsDueAt)],
          ['都道府県の提出期限', warekiDateTime(view.deadlines.prefectureSubmissionsDueAt)],
          ['国の審査期限', warekiDateTime(view.deadlines.reviewDueAt)],
          ['市町村分（推進・支援）', `${thousandYen(view.pools.suishinMunicipalYen)}・${thousandYen(view.pools.shienMunicipalYen)}`],
          ['都道府県分（推進・支援）', `${thousandYen(view.pools.suishinPrefecturalYen)}・${thousandYen(view.pools.shienPrefecturalYen)}`],
          ['配分ルール', view.allocationRuleVersion],
          ['開始日時（日本時間）', jstDateTime(view.openedAt)],
        ]}
      />

      <Section title={next ? `次の段階「${PHASE_LABELS[next]}」に進むための確認` : '次の段階'} id="readiness">
        {readiness.isLoading && <Loading what="確認事項" />}
        {readiness.error && <Notice tone="error">{readiness.error.message}</Notice>}
        {next === null && readiness.data && <p className="text-std-16N-170">この年度は最後の段階です。</p>}
        {next !== null && missing.length === 0 && readiness.data && <Notice tone="success" title="進める準備ができています">不足している項目はありません。</Notice>}
        {missing.length > 0 && (
          <>
            <p className="text-std-16N-170">次の段階に進む前に、次の {missing.length} 件を完了してください。</p>
            <ul className="list-disc pl-6 text-std-16N-170" aria-label="未完了の項目">
              {missing.slice(0, 50).map((m, i) => (
                <li key={`${m.code}-${m.insurerCode ?? i}`}>{withJstTimes(japanese(m.message))}</li>
              ))}
              {missing.length > 50 && <li>ほか {missing.length - 50} 件</li>}
            </ul>
          </>
        )}
        {session.role === 'national-admin' && next !== null && (
          <div className="flex flex-col gap-3">
            <div className="flex max-w-3xl flex-col gap-1">
              <label htmlFor="phase-reason" className="text-std-16B-170">
                理由（任意・監査記録に残ります）
              </label>
              <input id="phase-reason" value={reason} onChange={(event) => setReason(event.target.value)} maxLength={1000} className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170" />
            </div>
            {advance.error && <Notice tone="error" title="段階を進められませんでした">{advance.error.message}</Notice>}
            <div>
              <Button onClick={() => setConfirming(true)} disabled={!canAdvance}>
                「{PHASE_LABELS[next]}」に進める
              </Button>
            </div>
          </div>
        )}
      </Section>

      {session.role === 'national-admin' && (
        <Section title="期限の延長・繰上げ" id="deadlines">
          <DeadlineForm year={view} />
        </Section>
      )}

      <Section title="都道府県別の提出状況" id="by-prefecture">
        {submissions.error && <Notice tone="error">{submissions.error.message}</Notice>}
        <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
          <table className="w-full border-collapse text-left">
            <caption className="sr-only">都道府県別の提出状況（件数）</caption>
            <thead className="bg-solid-gray-50">
              <tr>
                {['都道府県', '下書き', '提出済み', '差戻し'].map((h, i) => (
                  <th key={h} scope="col" className={`border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130 ${i > 0 ? 'text-right' : ''}`}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {PREFECTURES.filter((p) => byPrefecture.has(p.code)).map((p) => {
                const counts = byPrefecture.get(p.code)!;
                return (
                  <tr key={p.code} className="border-b border-solid-gray-200">
                    <th scope="row" className="px-3 py-2 text-std-16N-170 font-normal">
                      {p.code} {p.name}
                    </th>
                    <td className="px-3 py-2 text-right text-dns-16N-130">{counts.draft}件</td>
                    <td className="px-3 py-2 text-right text-dns-16N-130">{counts.submitted}件</td>
                    <td className="px-3 py-2 text-right text-dns-16N-130">{counts.returned}件</td>
                  </tr>
                );
              })}
              {byPrefecture.size === 0 && (
                <tr>
                  <td colSpan={4} className="px-3 py-4 text-std-16N-170">
                    まだ回答はありません。
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </Section>

      <ConfirmDialog
        open={confirming}
        title={next ? `「${PHASE_LABELS[next]}」に進めますか` : ''}
        confirmLabel="進める"
        busy={advance.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          if (!next) return;
          advance.mutate(next, {
            onSuccess: () => {
              setDone(`${fiscalYearLabel(fiscalYear)}は「${PHASE_LABELS[next]}」になりました。`);
              setReason('');
            },
            onSettled: () => setConfirming(false),
          });
        }}
      >
        <p>
          {fiscalYearLabel(fiscalYear)}を「{PHASE_LABELS[view.phase]}」から「{next ? PHASE_LABELS[next] : ''}」に進めます。この操作は取り消せません。
        </p>
      </ConfirmDialog>
    </Page>
  );
}
