import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { answer, api } from '../api/client';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime } from '../format/format';
import { prefectureName } from '../shared/domain';
import { phaseLabel, unlessMissing } from '../submissions/amounts';
import { useYears } from '../years/queries';
import { defaultYear, YearPicker } from '../years/year-picker';
import { AmountsSection } from './amounts-section';
import './print.css';
import { RateChart } from './rate-chart';
import { ResultTable } from './result-table';
import { GRANT_TITLES, rankText, rateText, type ResultSheet } from './result-types';

const BEFORE_SCORING = ['open', 'submissions_closed', 'review_completed'];

/** 評価結果・交付額: the insurer's result sheet as published (tables, chart, ranks), its amounts and why; prints on A4. */
export function ResultPage() {
  const session = useSignedIn();
  const code = session.organisationCode;
  const { years, isLoading } = useYears();
  const [params, setParams] = useSearchParams();
  const chosen = years.find((y) => y.fiscalYear === params.get('year')) ?? years.find((y) => !BEFORE_SCORING.includes(y.phase)) ?? defaultYear(years);
  const fiscalYear = chosen?.fiscalYear ?? '';
  const sheet = useQuery({
    queryKey: ['score', fiscalYear, code],
    enabled: fiscalYear !== '',
    queryFn: () => unlessMissing(answer<ResultSheet>(api.GET('/fiscal-years/{fiscalYear}/scores/{insurerCode}', { params: { path: { fiscalYear, insurerCode: code } } }))),
  });

  if (isLoading || sheet.isLoading) return <Loading what="評価結果" />;
  if (!chosen) return <Notice title="年度がありません">国が年度を開始すると、評価結果と交付額がここに表示されます。</Notice>;
  const data = sheet.data;
  const grants = [...new Set(data?.table.map((row) => row.grant) ?? [])];

  return (
    <Page
      title={`評価結果・交付額 ${fiscalYearLabel(fiscalYear)}`}
      lead="国が評価を確定すると指標群ごとの得点と順位が、内示の後は交付見込額（案）が、確定の後は確定額と追加交付が表示されます。"
      actions={
        <div className="no-print flex flex-wrap items-end gap-3">
          <YearPicker years={years} value={fiscalYear} onChange={(fy) => setParams({ year: fy })} />
          <Button variant="secondary" onClick={() => window.print()} disabled={!data}>
            印刷
          </Button>
        </div>
      }
    >
      {sheet.error && <Notice tone="error">{sheet.error.message}</Notice>}
      <Facts
        items={[
          ['保険者', `保険者番号 ${code}（${prefectureName(code)}）`],
          ['年度の段階', phaseLabel(chosen.phase)],
          ...(data
            ? ([
                ['交付年度・評価対象年度', `${data.grantYear.name}（評価対象: ${data.activityYear.name}）`],
                ['合計得点', `${data.total.score} / ${data.total.maxPoints}点（得点率 ${rateText(data.total.rate)}）`],
                ['算定日時（日本時間）', jstDateTime(data.calculatedAt)],
              ] as [string, string][])
            : []),
        ]}
      />
      <Section title="評価結果" id="score">
        {!data ? (
          <Notice title="評価結果はまだありません">国の審査と評価（採点）が終わると、指標群ごとの得点と全国平均がここに表示されます。</Notice>
        ) : (
          <>
            <table className="result-table w-full max-w-4xl border-collapse text-left" data-testid="ranks">
              <caption className="mb-1 text-left text-std-17B-170">順位</caption>
              <thead>
                <tr>
                  {['区分', '得点', '得点率', '全国順位', '都道府県内順位'].map((h) => (
                    <th key={h} scope="col" className="border border-solid-gray-420 bg-solid-gray-50 px-2 py-1 text-dns-14B-130">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.grants.map((g) => (
                  <tr key={g.grant}>
                    <th scope="row" className="border border-solid-gray-420 px-2 py-1 text-std-16N-170 font-normal">
                      {GRANT_TITLES[g.grant] ?? g.grant}
                    </th>
                    <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16N-130">{`${g.score} / ${g.maxPoints}`}</td>
                    <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16N-130">{rateText(g.rate)}</td>
                    <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16N-130">{rankText(g.ranks.national)}</td>
                    <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16N-130">{rankText(g.ranks.prefecture)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row" className="border border-solid-gray-420 px-2 py-1 text-std-16B-170">
                    合計
                  </th>
                  <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16B-130">{`${data.total.score} / ${data.total.maxPoints}`}</td>
                  <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16B-130">{rateText(data.total.rate)}</td>
                  <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16B-130">{rankText(data.ranks.national)}</td>
                  <td className="border border-solid-gray-420 px-2 py-1 text-right text-dns-16B-130">{rankText(data.ranks.prefecture)}</td>
                </tr>
              </tbody>
            </table>
            {data.ranks.sizeBand && <p className="text-std-16N-170">規模区分 {data.ranks.sizeBand.band} の中での順位: {rankText(data.ranks.sizeBand.rank)}</p>}
            {data.previousYear && <p className="text-std-16N-170">前年度（{fiscalYearLabel(data.previousYear.fiscalYear)}）: {data.previousYear.score} / {data.previousYear.maxPoints}点・全国 {rankText(data.previousYear.rank)}</p>}
            {grants.map((grant) => (
              <div key={grant} className="print-block flex flex-col gap-4">
                <ResultTable grant={grant} rows={data.table.filter((row) => row.grant === grant)} subtotal={data.grants.find((g) => g.grant === grant)} />
                <RateChart grant={grant} rows={data.table.filter((row) => row.grant === grant)} />
              </div>
            ))}
          </>
        )}
      </Section>
      {fiscalYear && <AmountsSection fiscalYear={fiscalYear} code={code} />}
    </Page>
  );
}
