import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Facts, Loading, Notice, Page, Section } from '../components/page';
import { fiscalYearLabel, jstDateTime, thousandYen, warekiDateTime } from '../format/format';
import { prefectureName } from '../shared/domain';
import { PHASE_LABELS, useYear } from '../years/queries';
import { POOL_LABELS, useInsurerNames } from './calculation-queries';
import { signedThousandYen, Table, td } from './ui';
import { useRequests, type RequestsView } from './year-queries';

type Row = RequestsView['rows'][number];
const LEVELS = { municipal: '市町村', prefectural: '都道府県' } as const;

/** 所要見込額 − 案 of one grant, or — when no request was stated (the 案 stands). */
function versus(amounts: Row['suishin']): string {
  return amounts.differenceYen === null ? '—' : signedThousandYen(amounts.differenceYen);
}

/** 所要見込額の受付状況: per pool Σ案 and what the requests below 案 free for 追加交付, then each recipient's 案 and request. */
export function RequestsPage() {
  const { fiscalYear = '' } = useParams();
  const year = useYear(fiscalYear);
  const requests = useRequests(fiscalYear);
  const names = useInsurerNames(fiscalYear);
  const [onlyRequested, setOnlyRequested] = useState(true);
  if (year.isLoading || requests.isLoading) return <Loading what="所要見込額" />;
  if (year.error || !year.data) return <Notice tone="error">{year.error?.message ?? `${fiscalYear} は開始されていません。`}</Notice>;
  const data = requests.data;
  const nameOf = (row: Row) => (row.level === 'prefectural' ? prefectureName(row.code) : (names.data?.get(row.code) ?? ''));
  const stated = (data?.rows ?? []).filter((r) => r.suishin.requestedYen !== null || r.shien.requestedYen !== null);
  const shown = onlyRequested ? stated : (data?.rows ?? []);

  return (
    <Page
      title={`${fiscalYearLabel(fiscalYear)}の所要見込額の受付状況`}
      lead={
        <>
          内示した交付見込額（案）に対して、市町村・都道府県から受け付けた所要見込額です。案を下回る所要見込額で生じた額は、確定の起案で追加交付として配分されます。{' '}
          <Link to={`/app/national/${fiscalYear}`} className="text-blue-900 underline">
            ← 年度の状況に戻る
          </Link>
        </>
      }
    >
      {requests.error && <Notice tone="error">{requests.error.message}</Notice>}
      <Facts
        items={[
          ['年度の段階', PHASE_LABELS[year.data.phase] ?? year.data.phase],
          ['内示した試算', data?.draftTrialNumber ? `試算 ${data.draftTrialNumber}（${jstDateTime(data.publishedAt)}）` : 'まだ内示していません'],
          ['受付期限', warekiDateTime(year.data.requestsDueAt)],
          ['受け付けた団体', `${stated.length.toLocaleString('ja-JP')}団体`],
        ]}
      />
      {data && data.draftTrialNumber !== null && (
        <>
          <Section title="交付金区分ごとの集計" id="request-totals">
            <Table caption="交付金区分ごとの案と所要見込額（千円）" headers={['交付金区分', '案の合計', '所要見込額の件数', '案を下回る件数', '追加交付の原資（案 − 所要見込額）']} right={[1, 2, 3, 4]}>
              {data.pools.map((p) => (
                <tr key={p.pool} className="border-b border-solid-gray-200">
                  <th scope="row" className={`${td} font-normal`}>
                    {POOL_LABELS[p.pool]}
                  </th>
                  <td className={`${td} text-right`}>{thousandYen(p.draftYen)}</td>
                  <td className={`${td} text-right`}>{p.requests.toLocaleString('ja-JP')}件</td>
                  <td className={`${td} text-right`}>{p.belowDraft.toLocaleString('ja-JP')}件</td>
                  <td className={`${td} text-right`}>{thousandYen(p.freedYen)}</td>
                </tr>
              ))}
            </Table>
          </Section>
          <Section title="団体ごとの案と所要見込額" id="request-rows">
            <label className="flex items-center gap-2 text-std-16N-170">
              <input type="checkbox" checked={onlyRequested} onChange={(event) => setOnlyRequested(event.target.checked)} className="size-5" />
              所要見込額を受け付けた団体だけを表示する
            </label>
            {shown.length === 0 ? (
              <p className="text-std-16N-170">{onlyRequested ? 'まだ所要見込額を受け付けていません。' : '内示の対象の団体はありません。'}</p>
            ) : (
              <Table
                caption="団体ごとの案と所要見込額（千円）"
                headers={['区分', '団体', '推進・案', '推進・所要見込額', '推進・差', '支援・案', '支援・所要見込額', '支援・差', '受付日時（日本時間）']}
                right={[2, 3, 4, 5, 6, 7]}
              >
                {shown.map((r) => (
                  <tr key={`${r.level}/${r.code}`} className="border-b border-solid-gray-200">
                    <td className={td}>{LEVELS[r.level]}</td>
                    <th scope="row" className={`${td} font-normal`}>
                      {nameOf(r)}（{r.code}）
                    </th>
                    <td className={`${td} text-right`}>{thousandYen(r.suishin.draftYen)}</td>
                    <td className={`${td} text-right`}>{thousandYen(r.suishin.requestedYen)}</td>
                    <td className={`${td} text-right`}>{versus(r.suishin)}</td>
                    <td className={`${td} text-right`}>{thousandYen(r.shien.draftYen)}</td>
                    <td className={`${td} text-right`}>{thousandYen(r.shien.requestedYen)}</td>
                    <td className={`${td} text-right`}>{versus(r.shien)}</td>
                    <td className={td}>{jstDateTime(r.requestedAt)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Section>
        </>
      )}
    </Page>
  );
}
