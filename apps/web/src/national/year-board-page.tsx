import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { answer, api } from '../api/client';
import type { SubmissionList } from '../api/types';
import { useSignedIn } from '../auth/session-context';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime, thousandYen, warekiDateTime } from '../format/format';
import { PREFECTURES } from '../shared/domain';
import { PHASE_LABELS, useYear } from '../years/queries';
import { DeadlineForm } from './deadline-form';
import { GrantStepsSection } from './grant-steps-section';
import { PhaseSection } from './phase-section';
import { settlesRequests } from './year-queries';

/** The phases in which a year has, or may have, calculations: from 評価確定 on. */
const CALCULATION_PHASES: readonly string[] = ['scored', 'allocated', 'finalized', 'draft_published', 'requests_open', 'requests_closed'];
/** The phases in which a settlement year has a 内示 and so requests to look at. */
const REQUEST_PHASES: readonly string[] = ['draft_published', 'requests_open', 'requests_closed', 'finalized'];

/** 年度ボード: the year's phase, deadlines, what blocks the next phase, and the submissions per prefecture. */
export function YearBoardPage() {
  const { fiscalYear = '' } = useParams();
  const session = useSignedIn();
  const year = useYear(fiscalYear);
  const submissions = useQuery({
    queryKey: ['submissions', fiscalYear, 'all'],
    queryFn: () => answer<SubmissionList>(api.GET('/fiscal-years/{fiscalYear}/submissions', { params: { path: { fiscalYear } } })),
  });

  if (year.isLoading) return <Loading what="年度" />;
  if (year.error || !year.data) return <Notice tone="error">{year.error?.message ?? `${fiscalYear} は開始されていません。`}</Notice>;
  const view = year.data;
  const isAdmin = session.role === 'national-admin';
  const settles = settlesRequests(view.allocationRuleVersion);
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
      <nav aria-label="この年度の作業">
        <ul className="flex flex-wrap gap-x-6 gap-y-2 text-std-16N-170">
          <li>
            <Link to={`/app/national/${fiscalYear}/files`} className="text-blue-900 underline">
              名簿・国の数値の取込
            </Link>
          </li>
          {CALCULATION_PHASES.includes(view.phase) && (
            <li>
              <Link to={`/app/national/${fiscalYear}/calculations`} className="text-std-17B-170 text-blue-900 underline">
                交付額の算定（試算・比較・起案・決裁・帳票）へ
              </Link>
            </li>
          )}
          {settles && REQUEST_PHASES.includes(view.phase) && (
            <li>
              <Link to={`/app/national/${fiscalYear}/requests`} className="text-blue-900 underline">
                所要見込額の受付状況
              </Link>
            </li>
          )}
          {view.phase === 'finalized' && session.role !== 'national-reviewer' && (
            <li>
              <Link to={`/app/national/${fiscalYear}/corrections`} className="text-blue-900 underline">
                得点の訂正と再算定
              </Link>
            </li>
          )}
        </ul>
      </nav>
      <Facts
        items={[
          ['段階', <strong key="p">{PHASE_LABELS[view.phase]}</strong>],
          ['保険者の提出期限', warekiDateTime(view.deadlines.submissionsDueAt)],
          ['都道府県の提出期限', warekiDateTime(view.deadlines.prefectureSubmissionsDueAt)],
          ['国の審査期限', warekiDateTime(view.deadlines.reviewDueAt)],
          ['市町村分（推進・支援）', `${thousandYen(view.pools.suishinMunicipalYen)}・${thousandYen(view.pools.shienMunicipalYen)}`],
          ['都道府県分（推進・支援）', `${thousandYen(view.pools.suishinPrefecturalYen)}・${thousandYen(view.pools.shienPrefecturalYen)}`],
          ['配分ルール', view.allocationRuleVersion],
          ...(settles ? [['所要見込額の受付期限', warekiDateTime(view.requestsDueAt)] as const] : []),
          ['開始日時（日本時間）', jstDateTime(view.openedAt)],
        ]}
      />

      <PhaseSection year={view} isAdmin={isAdmin} />

      {(view.phase === 'finalized' || (view.grantSteps ?? []).length > 0) && <GrantStepsSection year={view} isAdmin={isAdmin} />}

      {isAdmin && (
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

    </Page>
  );
}
