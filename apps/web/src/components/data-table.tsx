import {
  type ColumnDef,
  type ColumnFiltersState,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getPaginationRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from '@tanstack/react-table';
import { useId, useState, type ReactNode } from 'react';
import { Button } from './button';

const PAGE_SIZES = [25, 50, 100, 500];

/**
 * "No column filter" as one array: a new `[]` on every render looks like a changed filter to the table, which then
 * resets its page index, renders again, and so on without end (the page freezes on the first sort or search).
 */
const NO_COLUMN_FILTERS: ColumnFiltersState = [];

/**
 * A table with sort (click a column heading), a free-text filter and paging, for boards of up to 1,741 rows.
 * `toolbar` adds the screen's own filters (e.g. a status select) beside the search box.
 */
export function DataTable<Row>({
  caption,
  columns,
  data,
  searchLabel,
  globalFilter,
  onGlobalFilterChange,
  columnFilters,
  toolbar,
  initialSorting = [],
}: {
  caption: string;
  columns: ColumnDef<Row, unknown>[];
  data: Row[];
  searchLabel: string;
  globalFilter: string;
  onGlobalFilterChange: (value: string) => void;
  columnFilters?: ColumnFiltersState;
  toolbar?: ReactNode;
  initialSorting?: SortingState;
}) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [pagination, setPagination] = useState({ pageIndex: 0, pageSize: 50 });
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter, pagination, columnFilters: columnFilters ?? NO_COLUMN_FILTERS },
    onSortingChange: setSorting,
    onGlobalFilterChange,
    onPaginationChange: setPagination,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getPaginationRowModel: getPaginationRowModel(),
    autoResetPageIndex: true,
  });
  const searchId = useId();
  const sizeId = useId();
  const shown = table.getFilteredRowModel().rows.length;
  const { pageIndex, pageSize } = table.getState().pagination;
  const from = shown === 0 ? 0 : pageIndex * pageSize + 1;
  const to = Math.min(shown, (pageIndex + 1) * pageSize);

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor={searchId} className="text-std-16B-170">
            {searchLabel}
          </label>
          <input
            id={searchId}
            type="search"
            value={globalFilter}
            onChange={(event) => onGlobalFilterChange(event.target.value)}
            className="min-h-11 w-72 rounded-8 border border-solid-gray-600 px-3 text-std-16N-170"
          />
        </div>
        {toolbar}
      </div>
      <p aria-live="polite" className="text-std-16N-170 text-solid-gray-800">
        {shown.toLocaleString('ja-JP')} 件中 {from.toLocaleString('ja-JP')}〜{to.toLocaleString('ja-JP')} 件目を表示
      </p>
      <div className="overflow-x-auto rounded-8 border border-solid-gray-420">
        <table className="w-full border-collapse text-left">
          <caption className="sr-only">{caption}</caption>
          <thead className="bg-solid-gray-50">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}
                      className="border-b-2 border-solid-gray-600 px-3 py-2 text-dns-16B-130 whitespace-nowrap"
                    >
                      {header.column.getCanSort() ? (
                        <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 underline-offset-4 hover:underline">
                          {flexRender(header.column.columnDef.header, header.getContext())}
                          <span aria-hidden="true">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '⇅'}</span>
                          <span className="sr-only">{sorted === 'asc' ? '（昇順）' : sorted === 'desc' ? '（降順）' : '（並べ替え）'}</span>
                        </button>
                      ) : (
                        flexRender(header.column.columnDef.header, header.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} className="border-b border-solid-gray-200 even:bg-solid-gray-50/40 hover:bg-blue-50">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className="px-3 py-2 text-dns-16N-130 align-middle">
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            ))}
            {shown === 0 && (
              <tr>
                <td colSpan={columns.length} className="px-3 py-6 text-center text-std-16N-170 text-solid-gray-800">
                  該当する行はありません。
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <nav aria-label="ページ送り" className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" onClick={() => table.previousPage()} disabled={!table.getCanPreviousPage()}>
          前へ
        </Button>
        <span className="text-std-16N-170">
          {pageIndex + 1} / {Math.max(1, table.getPageCount())} ページ
        </span>
        <Button variant="secondary" onClick={() => table.nextPage()} disabled={!table.getCanNextPage()}>
          次へ
        </Button>
        <label htmlFor={sizeId} className="ml-4 text-std-16N-170">
          1ページの件数
        </label>
        <select
          id={sizeId}
          value={pageSize}
          onChange={(event) => table.setPageSize(Number(event.target.value))}
          className="min-h-11 rounded-8 border border-solid-gray-600 px-2 text-std-16N-170"
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}件
            </option>
          ))}
        </select>
      </nav>
    </div>
  );
}
