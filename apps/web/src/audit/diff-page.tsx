import type { ColumnDef } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { download } from '../api/download';
import type { CalculationDiff } from '../api/types';
import { Button } from '../components/button';
import { DataTable } from '../components/data-table';
import { Loading, Notice, Page, Section } from '../components/page';
import { thousandYen } from '../format/format';
import { calculationLabel, POOL_LABELS, useInsurerNames } from '../national/calculation-queries';
import { prefectureName } from '../shared/domain';
import { useAuditParams } from './audit-params';
import { useCalculations, useDiff } from './audit-queries';
import { AuditTable, AuditYearSelect, bodyCell } from './audit-ui';

type Row = CalculationDiff['rows'][number] & { readonly name: string };
const select = 'min-h-11 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170';
const right = (yen: string | null) => <span className="block text-right tabular-nums">{thousandYen(yen)}</span>;

const COLUMNS: ColumnDef<Row, unknown>[] = [
  { accessorKey: 'pool', header: '交付金の区分', cell: ({ row }) => POOL_LABELS[row.original.pool] },
  { accessorKey: 'code', header: '団体コード' },
  { accessorKey: 'name', header: '団体名' },
  { accessorKey: 'fromYen', header: '比較元（千円）', cell: ({ row }) => right(row.original.fromYen), sortingFn: (a, b) => Number(a.original.fromYen ?? 0) - Number(b.original.fromYen ?? 0) },
  { accessorKey: 'toYen', header: '比較先（千円）', cell: ({ row }) => right(row.original.toYen), sortingFn: (a, b) => Number(a.original.toYen ?? 0) - Number(b.original.toYen ?? 0) },
  { accessorKey: 'differenceYen', header: '差額（千円）', cell: ({ row }) => right(row.original.differenceYen), sortingFn: (a, b) => Number(a.original.differenceYen) - Number(b.original.differenceYen) },
];

/** 算定の比較: two calculations of a year (trials, the finalization, recalculations) side by side in 千円, per pool and recipient. */
export function DiffPage() {
  const { fiscalYear, get, set } = useAuditParams();
  const calculations = useCalculations(fiscalYear);
  const list = calculations.data?.calculations ?? [];
  const from = get('from') ?? list.find((c) => c.ref === 'final')?.ref ?? list[0]?.ref;
  const to = get('to') ?? (list.length > 1 ? 'in-force' : undefined);
  // Held here as well as in the address: the router applies an address change in a transition, after the click.
  const [all, setAll] = useState(get('all') === 'true');
  const diff = useDiff(fiscalYear, from, to, all);
  const names = useInsurerNames(fiscalYear);
  const [filter, setFilter] = useState('');
  const [fromId, toId, allId] = [useId(), useId(), useId()];
  const rows = useMemo<Row[]>(
    () => (diff.data?.rows ?? []).map((r) => ({ ...r, name: r.code.length === 2 ? prefectureName(r.code) : (names.data?.get(r.code) ?? '') })),
    [diff.data, names.data],
  );
  const options = [...list.map((c) => ({ ref: c.ref, label: calculationLabel(c.ref) })), { ref: 'in-force', label: `現在有効な算定（${calculationLabel(calculations.data?.inForce ?? '')}）` }];
  const picker = (id: string, label: string, value: string | undefined, key: 'from' | 'to') => (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-std-16B-170">
        {label}
      </label>
      <select id={id} value={value ?? ''} onChange={(event) => set({ [key]: event.target.value })} className={select}>
        {options.map((o) => (
          <option key={o.ref} value={o.ref}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Page title="算定の比較" lead="同じ年度の二つの算定（試算・確定・再算定）の交付額を、交付金の区分と団体ごとに並べ、差額を千円単位で示します。">
      <div className="flex flex-wrap items-end gap-3">
        <AuditYearSelect value={fiscalYear} onChange={(fy) => set({ fy, from: undefined, to: undefined })} />
        {list.length > 0 && picker(fromId, '比較元', from, 'from')}
        {list.length > 0 && picker(toId, '比較先', to, 'to')}
        {list.length > 0 && (
          <div className="flex min-h-11 items-center gap-2">
            <input id={allId} type="checkbox" checked={all} onChange={(event) => {
                setAll(event.target.checked);
                set({ all: event.target.checked ? 'true' : undefined });
              }} className="size-5" />
            <label htmlFor={allId} className="text-std-16N-170">
              差のない団体も表示する
            </label>
          </div>
        )}
      </div>
      {calculations.isLoading && <Loading what="算定の一覧" />}
      {calculations.error && <Notice tone="error">{calculations.error.message}</Notice>}
      {calculations.data && list.length === 0 && <Notice>この年度にはまだ算定（試算）がありません。</Notice>}
      {diff.isLoading && <Loading what="比較" />}
      {diff.error && <Notice tone="error">{diff.error.message}</Notice>}
      {diff.data && (
        <>
          <Section title={`${calculationLabel(diff.data.from?.ref ?? '')} → ${calculationLabel(diff.data.to?.ref ?? '')}`} id="diff-pools">
            <AuditTable label="交付金の区分ごとの合計" testId="diff-pools" headings={['交付金の区分', '比較元（千円）', '比較先（千円）', '差額（千円）', '額が変わった団体']}>
              {diff.data.pools.map((p) => (
                <tr key={p.pool} className="border-b border-solid-gray-200">
                  <td className={bodyCell}>{POOL_LABELS[p.pool]}</td>
                  <td className={bodyCell}>{right(p.fromYen)}</td>
                  <td className={bodyCell}>{right(p.toYen)}</td>
                  <td className={bodyCell}>{right(p.differenceYen)}</td>
                  <td className={`${bodyCell} text-right`}>{p.changed.toLocaleString('ja-JP')}</td>
                </tr>
              ))}
            </AuditTable>
            <p className="text-std-16N-170">金額は千円未満を切り捨てて表示しています。円単位の値は CSV で確かめられます。</p>
            <div>
              <Button variant="secondary" onClick={() => void download(`/audit/fiscal-years/${fiscalYear}/diff?${new URLSearchParams({ from: from ?? '', to: to ?? '', all: String(all), format: 'csv' })}`, `diff-${fiscalYear}.csv`)}>
                CSV（円単位）をダウンロード
              </Button>
            </div>
          </Section>
          <Section title="団体ごとの差" id="diff-rows">
            {rows.length === 0 && !all ? <Notice>額が変わった団体はありません。</Notice> : <DataTable caption="団体ごとの差" columns={COLUMNS} data={rows} searchLabel="団体コード・団体名で絞り込む" globalFilter={filter} onGlobalFilterChange={setFilter} />}
          </Section>
        </>
      )}
    </Page>
  );
}
