import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { answer, api } from '../api/client';
import type { PoolId, Rank } from '../api/types';
import { useSignedIn } from '../auth/session-context';
import { DataTable } from '../components/data-table';
import { Facts, Loading, Notice, Page } from '../components/page';
import { fiscalYearLabel, thousandYen, warekiDateTime } from '../format/format';
import { prefectureName } from '../shared/domain';
import { phaseLabel, POOL_LABELS, unlessMissing, useAmounts, useDraft, useYearFacts } from '../submissions/amounts';
import { usePrefectureBoard } from '../submissions/queries';
import { useYears } from '../years/queries';
import { YearPicker } from '../years/year-picker';

/** GET …/rankings?prefecture= (get-rankings.query.ts). */
interface PrefectureRanking {
  readonly rankings: readonly { readonly code: string; readonly score: number; readonly rank: Rank; readonly nationalRank?: Rank }[];
}

interface ResultRow {
  readonly code: string;
  readonly name: string;
  readonly score: number | null;
  readonly rank: number | null;
  readonly outOf: number | null;
  readonly nationalRank: number | null;
  readonly nationalOutOf: number | null;
  readonly draftYen: string | null;
  readonly finalYen: string | null;
  readonly additionalYen: string | null;
}

const byYen = (key: 'draftYen' | 'finalYen' | 'additionalYen') => (a: { original: ResultRow }, b: { original: ResultRow }) => {
  const x = a.original[key] === null ? -1n : BigInt(a.original[key]!);
  const y = b.original[key] === null ? -1n : BigInt(b.original[key]!);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** 管内市町村の評価結果・交付額: every municipality's score, rank in the prefecture and in the nation, 案, 確定 and 追加交付 of one grant. */
export function MunicipalResultsPage() {
  const { fiscalYear = '' } = useParams();
  const prefecture = useSignedIn().organisationCode;
  const navigate = useNavigate();
  const { years } = useYears();
  const year = useYearFacts(fiscalYear);
  const { insurers } = usePrefectureBoard(fiscalYear, prefecture);
  const ranking = useQuery({
    queryKey: ['rankings', fiscalYear, prefecture],
    queryFn: () => unlessMissing(answer<PrefectureRanking>(api.GET('/fiscal-years/{fiscalYear}/rankings', { params: { path: { fiscalYear }, query: { prefecture } } }))),
  });
  const draft = useDraft(fiscalYear, prefecture);
  const amounts = useAmounts(fiscalYear, { prefecture });
  const [pool, setPool] = useState<PoolId>('suishin-municipal');
  const [search, setSearch] = useState('');
  const poolId = useId();
  const finalized = amounts.data?.finalized ?? null;
  // The 案 is shown once published (内示), the 確定 and 追加交付 once finalized; a trial alone is not shown.
  const published = draft.data !== null || finalized !== null;

  const rows = useMemo<ResultRow[]>(() => {
    const scores = new Map((ranking.data?.rankings ?? []).map((r) => [r.code, r]));
    // The 案 as published: recorded with the allocation by settlement rules, else the amounts of the trial published.
    const inForceIsDraft = draft.data !== null && draft.data !== undefined && amounts.data?.calculation === `trial:${draft.data.trialNumber}`;
    const allocations = new Map((amounts.data?.pools.find((p) => p.pool === pool)?.recipients ?? []).map((r) => [r.code, r]));
    return (insurers.data?.insurers ?? []).map((insurer) => {
      const score = scores.get(insurer.code);
      const allocation = published ? allocations.get(insurer.code) : undefined;
      return {
        code: insurer.code,
        name: insurer.name,
        score: score?.score ?? null,
        rank: score?.rank.competition ?? null,
        outOf: score?.rank.outOf ?? null,
        nationalRank: score?.nationalRank?.competition ?? null,
        nationalOutOf: score?.nationalRank?.outOf ?? null,
        draftYen: allocation ? (allocation.draftYen ?? (inForceIsDraft ? allocation.amountYen : null)) : null,
        finalYen: allocation && finalized ? allocation.amountYen : null,
        additionalYen: allocation && finalized ? (allocation.additionalYen ?? null) : null,
      };
    });
  }, [amounts.data, draft.data, finalized, insurers.data, pool, published, ranking.data]);

  const columns = useMemo<ColumnDef<ResultRow, unknown>[]>(
    () => [
      { accessorKey: 'code', header: '保険者番号', cell: (c) => <span className="font-mono">{c.row.original.code}</span> },
      { accessorKey: 'name', header: '保険者名' },
      { accessorKey: 'score', header: '合計得点', cell: (c) => (c.row.original.score === null ? '—' : `${c.row.original.score}点`), sortUndefined: 'last' },
      { accessorKey: 'rank', header: '県内順位', cell: (c) => (c.row.original.rank === null ? '—' : `${c.row.original.rank}位 / ${c.row.original.outOf}`), sortUndefined: 'last' },
      {
        accessorKey: 'nationalRank',
        header: '全国順位',
        cell: (c) => (c.row.original.nationalRank === null ? '—' : `${c.row.original.nationalRank.toLocaleString('ja-JP')}位 / ${c.row.original.nationalOutOf?.toLocaleString('ja-JP')}`),
        sortUndefined: 'last',
      },
      { accessorKey: 'draftYen', header: '交付見込額（案）', cell: (c) => thousandYen(c.row.original.draftYen), sortingFn: byYen('draftYen') },
      { accessorKey: 'finalYen', header: '確定額', cell: (c) => thousandYen(c.row.original.finalYen), sortingFn: byYen('finalYen') },
      { accessorKey: 'additionalYen', header: '追加交付', cell: (c) => thousandYen(c.row.original.additionalYen), sortingFn: byYen('additionalYen') },
    ],
    [],
  );

  // The prefecture's own amounts (都道府県分), as the municipalities': 案 once published, 確定 once finalized.
  const own = (grant: 'suishin' | 'shien') => {
    const allocation = published ? amounts.data?.pools.find((p) => p.pool === `${grant}-prefectural`)?.recipients.find((r) => r.code === prefecture) : undefined;
    if (!allocation) return '—';
    return finalized ? `確定 ${thousandYen(allocation.amountYen)}` : `案 ${thousandYen(allocation.draftYen ?? (draft.data && amounts.data?.calculation === `trial:${draft.data.trialNumber}` ? allocation.amountYen : null))}`;
  };
  const loading = insurers.isLoading || ranking.isLoading || amounts.isLoading || draft.isLoading || year.isLoading;
  const failure = insurers.error ?? ranking.error ?? amounts.error ?? draft.error ?? year.error;

  return (
    <Page
      title={`${prefectureName(prefecture)} 管内市町村の評価結果・交付額`}
      lead="管内の保険者（市町村）ごとの合計得点、県内順位・全国順位と交付額（案・確定・追加交付）です。列の見出しで並べ替え、保険者番号・名前で絞り込めます。"
      actions={<YearPicker years={years} value={fiscalYear} onChange={(fy) => navigate(`/app/prefecture-results/${fy}`)} />}
    >
      {failure && <Notice tone="error">{failure.message}</Notice>}
      {loading && <Loading what="評価結果" />}
      {year.data && (
        <Facts
          items={[
            ['年度', fiscalYearLabel(fiscalYear)],
            ['段階', phaseLabel(year.data.phase)],
            ['内示', draft.data ? `試算 ${draft.data.trialNumber}（${warekiDateTime(draft.data.publishedAt)}）` : 'まだありません'],
            ['交付額の確定', finalized ? warekiDateTime(finalized.finalizedAt) : 'まだです'],
            [`${prefectureName(prefecture)}（都道府県分）の交付額`, `推進 ${own('suishin')}・支援 ${own('shien')}`],
          ]}
        />
      )}
      {!loading && !ranking.data && <Notice title="評価結果はまだありません">国が評価を確定すると、市町村ごとの得点と順位が表示されます。</Notice>}
      {!loading && (
        <DataTable
          caption="管内市町村の評価結果・交付額"
          columns={columns}
          data={rows}
          searchLabel="保険者番号・保険者名で絞り込み"
          globalFilter={search}
          onGlobalFilterChange={setSearch}
          initialSorting={[{ id: 'rank', desc: false }]}
          toolbar={
            <div className="flex flex-col gap-1">
              <label htmlFor={poolId} className="text-std-16B-170">
                交付金
              </label>
              <select id={poolId} value={pool} onChange={(event) => setPool(event.target.value as PoolId)} className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
                {(['suishin-municipal', 'shien-municipal'] as const).map((p) => (
                  <option key={p} value={p}>
                    {POOL_LABELS[p]}
                  </option>
                ))}
              </select>
            </div>
          }
        />
      )}
    </Page>
  );
}
