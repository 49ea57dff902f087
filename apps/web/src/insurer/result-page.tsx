import { useQuery } from '@tanstack/react-query';
import { answer, api, ApiError } from '../api/client';
import type { DraftView, InsurerScoreView } from '../api/types';
import { useSignedIn } from '../auth/session-context';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime, thousandYenFigure } from '../format/format';
import { PHASE_LABELS, useYears } from '../years/queries';
import { defaultYear } from '../years/year-picker';

const POOL_LABELS: Record<string, string> = {
  'suishin-municipal': '保険者機能強化推進交付金',
  'shien-municipal': '介護保険保険者努力支援交付金',
  'suishin-prefectural': '保険者機能強化推進交付金（都道府県分）',
  'shien-prefectural': '介護保険保険者努力支援交付金（都道府県分）',
};

/** Nothing published yet is not an error: a 404 becomes `null`. */
async function unlessMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** 評価結果・交付額: the insurer's score table as published, its ranks, and its 交付見込額（案） after 内示. */
export function ResultPage() {
  const session = useSignedIn();
  const code = session.organisationCode;
  const { years, isLoading } = useYears();
  const scored = years.find((y) => y.phase !== 'open' && y.phase !== 'submissions_closed' && y.phase !== 'review_completed') ?? defaultYear(years);
  const fiscalYear = scored?.fiscalYear ?? '';
  const score = useQuery({
    queryKey: ['score', fiscalYear, code],
    enabled: fiscalYear !== '',
    queryFn: () => unlessMissing(answer<InsurerScoreView>(api.GET('/fiscal-years/{fiscalYear}/scores/{insurerCode}', { params: { path: { fiscalYear, insurerCode: code } } }))),
  });
  const draft = useQuery({
    queryKey: ['draft', fiscalYear, code],
    enabled: fiscalYear !== '',
    queryFn: () => unlessMissing(answer<DraftView>(api.GET('/fiscal-years/{fiscalYear}/calculations/draft/{code}', { params: { path: { fiscalYear, code } } }))),
  });

  if (isLoading || score.isLoading || draft.isLoading) return <Loading what="評価結果" />;
  if (!scored) return <Notice title="年度がありません">国が年度を開始すると、評価結果と交付額がここに表示されます。</Notice>;

  return (
    <Page title={`評価結果・交付額 ${fiscalYearLabel(fiscalYear)}`} lead="国が評価を確定すると得点と順位が、内示の後は交付見込額（案）が表示されます。">
      {(score.error ?? draft.error) && <Notice tone="error">{(score.error ?? draft.error)?.message}</Notice>}
      <Facts items={[['年度の段階', PHASE_LABELS[scored.phase]]]} />
      <Section title="評価結果" id="score">
        {!score.data ? (
          <Notice title="評価結果はまだありません">国の審査と評価（採点）が終わると、指標群ごとの得点と全国平均がここに表示されます。</Notice>
        ) : (
          <>
            <Facts
              items={[
                ['合計得点', `${score.data.total.score} / ${score.data.total.maxPoints}点（得点率 ${score.data.total.rate}%）`],
                ['全国順位', score.data.ranks.national ? `${score.data.ranks.national.competition}位 / ${score.data.ranks.national.outOf}` : '—'],
                ['都道府県内順位', score.data.ranks.prefecture ? `${score.data.ranks.prefecture.competition}位 / ${score.data.ranks.prefecture.outOf}` : '—'],
                ['算定日時（日本時間）', jstDateTime(score.data.calculatedAt)],
              ]}
            />
            <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
              <table className="w-full border-collapse text-left">
                <caption className="sr-only">指標群ごとの得点</caption>
                <thead className="bg-solid-gray-50">
                  <tr>
                    {['指標群', '配点', '得点', '得点率', '全国平均得点率'].map((h) => (
                      <th key={h} scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {score.data.table.map((row) => (
                    <tr key={`${row.grant}-${row.groupId}`} className="border-b border-solid-gray-200">
                      <td className="px-3 py-2 text-std-16N-170">{row.title}</td>
                      <td className="px-3 py-2 text-right text-dns-16N-130">{row.maxPoints}</td>
                      <td className="px-3 py-2 text-right text-dns-16B-130">{row.score}</td>
                      <td className="px-3 py-2 text-right text-dns-16N-130">{row.rate}%</td>
                      <td className="px-3 py-2 text-right text-dns-16N-130">{row.nationalRate === null ? '—' : `${row.nationalRate}%`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Section>
      <Section title="交付見込額（案）" id="amounts">
        {!draft.data ? (
          <Notice title="内示はまだです">国が試算を内示すると、交付金ごとの交付見込額（案）が千円単位で表示されます。</Notice>
        ) : (
          <table className="w-full max-w-2xl border-collapse text-left">
            <caption className="sr-only">交付金ごとの交付見込額（案）</caption>
            <thead className="bg-solid-gray-50">
              <tr>
                <th scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130">
                  交付金
                </th>
                <th scope="col" className="border-b-2 border-solid-gray-600 px-3 py-2 text-right text-dns-16B-130">
                  交付見込額（案）
                </th>
              </tr>
            </thead>
            <tbody>
              {draft.data.pools.map((p) => (
                <tr key={p.pool} className="border-b border-solid-gray-200">
                  <td className="px-3 py-2 text-std-16N-170">{POOL_LABELS[p.pool] ?? p.pool}</td>
                  <td className="px-3 py-2 text-right text-dns-17B-130">{thousandYenFigure(p.draftThousandYen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </Page>
  );
}
