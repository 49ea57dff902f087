import type { ColumnDef } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router-dom';
import { useSignedIn } from '../auth/session-context';
import { Button } from '../components/button';
import { DataTable } from '../components/data-table';
import { Facts, Loading, Notice, Page } from '../components/page';
import { type BoardStatus, STATUS_LABELS, StatusBadge } from '../components/status-badge';
import { fiscalYearLabel, jstDateTime, warekiDateTime } from '../format/format';
import { prefectureName } from '../shared/domain';
import { usePrefectureBoard } from '../submissions/queries';
import { PHASE_LABELS, useYear, useYears } from '../years/queries';
import { defaultYear, YearPicker } from '../years/year-picker';

interface BoardRow {
  readonly code: string;
  readonly name: string;
  readonly status: BoardStatus;
  readonly returnedCount: number;
  readonly lastChangedAt: string | null;
}

const STATUS_ORDER: readonly BoardStatus[] = ['not_started', 'draft', 'submitted', 'returned'];

/** /app/prefecture: the year the prefecture works on now. */
export function PrefectureHome() {
  const { years, isLoading, error } = useYears();
  if (isLoading) return <Loading what="年度" />;
  if (error) return <Notice tone="error">{error.message}</Notice>;
  const year = defaultYear(years);
  if (!year) return <Notice title="受付中の年度はありません">国が年度を開始すると、ここに市町村の提出状況が表示されます。</Notice>;
  return <Navigate to={`/app/prefecture/${year.fiscalYear}`} replace />;
}

/** 市町村の提出状況: every municipality of the prefecture with its status, sortable, filterable, paged. */
export function StatusBoardPage() {
  const { fiscalYear = '' } = useParams();
  const session = useSignedIn();
  const prefecture = session.organisationCode;
  const navigate = useNavigate();
  const { years } = useYears();
  const year = useYear(fiscalYear);
  const { insurers, submissions } = usePrefectureBoard(fiscalYear, prefecture);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<BoardStatus | ''>('');
  const statusId = useId();

  const rows = useMemo<BoardRow[]>(() => {
    const byCode = new Map((submissions.data?.submissions ?? []).map((s) => [s.insurerCode, s]));
    return (insurers.data?.insurers ?? []).map((insurer) => {
      const submission = byCode.get(insurer.code);
      return {
        code: insurer.code,
        name: insurer.name,
        status: submission?.status ?? 'not_started',
        returnedCount: submission?.returnedCount ?? 0,
        lastChangedAt: submission?.lastChangedAt ?? null,
      };
    });
  }, [insurers.data, submissions.data]);

  const columns = useMemo<ColumnDef<BoardRow, unknown>[]>(
    () => [
      { accessorKey: 'code', header: '保険者番号', cell: (c) => <span className="font-mono">{c.row.original.code}</span> },
      {
        accessorKey: 'name',
        header: '保険者名',
        cell: (c) => (
          <Link to={`/app/prefecture/${fiscalYear}/submissions/${c.row.original.code}`} className="text-blue-900 underline hover:text-blue-1000">
            {c.row.original.name}
          </Link>
        ),
      },
      {
        accessorKey: 'status',
        header: '状況',
        cell: (c) => <StatusBadge status={c.row.original.status} />,
        sortingFn: (a, b) => STATUS_ORDER.indexOf(a.original.status) - STATUS_ORDER.indexOf(b.original.status),
        filterFn: 'equals',
      },
      { accessorKey: 'returnedCount', header: '差戻し回数', cell: (c) => `${c.row.original.returnedCount}回` },
      { accessorKey: 'lastChangedAt', header: '最終更新（日本時間）', cell: (c) => jstDateTime(c.row.original.lastChangedAt), sortUndefined: 'last' },
    ],
    [fiscalYear],
  );

  const counts = STATUS_ORDER.map((s) => [s, rows.filter((r) => r.status === s).length] as const);
  const loading = insurers.isLoading || submissions.isLoading || year.isLoading;
  const failure = insurers.error ?? submissions.error ?? year.error;

  return (
    <Page
      title={`${prefectureName(prefecture)} 市町村の提出状況`}
      lead="管内の保険者（市町村）ごとに、自己評価（調査票）の提出状況を確認します。保険者名を選ぶと回答内容を確認し、差戻しができます。"
      actions={
        <>
          <YearPicker years={years} value={fiscalYear} onChange={(fy) => navigate(`/app/prefecture/${fy}`)} />
          <Button variant="secondary" onClick={() => void Promise.all([insurers.refetch(), submissions.refetch()])}>
            最新の状況に更新
          </Button>
        </>
      }
    >
      {failure && <Notice tone="error">{failure.message}</Notice>}
      {loading && <Loading what="提出状況" />}
      {year.data && (
        <Facts
          items={[
            ['年度', fiscalYearLabel(year.data.fiscalYear)],
            ['段階', PHASE_LABELS[year.data.phase]],
            ['保険者の提出期限', warekiDateTime(year.data.deadlines.submissionsDueAt)],
          ]}
        />
      )}
      {!loading && (
        <>
          <table className="w-full max-w-2xl border-collapse text-left" aria-label="状況ごとの件数">
            <thead>
              <tr>
                {counts.map(([s]) => (
                  <th key={s} scope="col" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-2 text-dns-16B-130">
                    {STATUS_LABELS[s]}
                  </th>
                ))}
                <th scope="col" className="border border-solid-gray-420 bg-solid-gray-50 px-3 py-2 text-dns-16B-130">
                  合計
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                {counts.map(([s, n]) => (
                  <td key={s} className="border border-solid-gray-420 px-3 py-2 text-right text-dns-17B-130" data-testid={`count-${s}`}>
                    {n.toLocaleString('ja-JP')}件
                  </td>
                ))}
                <td className="border border-solid-gray-420 px-3 py-2 text-right text-dns-17B-130">{rows.length.toLocaleString('ja-JP')}件</td>
              </tr>
            </tbody>
          </table>
          <DataTable
            caption="市町村の提出状況"
            columns={columns}
            data={rows}
            searchLabel="保険者番号・保険者名で絞り込み"
            globalFilter={search}
            onGlobalFilterChange={setSearch}
            columnFilters={status ? [{ id: 'status', value: status }] : []}
            initialSorting={[{ id: 'code', desc: false }]}
            toolbar={
              <div className="flex flex-col gap-1">
                <label htmlFor={statusId} className="text-std-16B-170">
                  状況で絞り込み
                </label>
                <select id={statusId} value={status} onChange={(event) => setStatus(event.target.value as BoardStatus | '')} className="min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170">
                  <option value="">すべて</option>
                  {STATUS_ORDER.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]}
                    </option>
                  ))}
                </select>
              </div>
            }
          />
        </>
      )}
    </Page>
  );
}
