import { Navigate } from 'react-router-dom';
import type { FiscalYearListEntry } from '../api/types';
import { Loading, Notice } from '../components/page';
import { useYears } from '../years/queries';
import { defaultYear } from '../years/year-picker';

/**
 * A menu entry of the prefecture's (`/app/prefecture-import` …) opens the year the work is about now: the first year
 * whose phase is one of `phases` (newest first), else the year open for submissions, else the newest.
 */
export function PrefectureYearRedirect({ base, phases = [] }: { base: string; phases?: readonly string[] }) {
  const { years, isLoading, error } = useYears();
  if (isLoading) return <Loading what="年度" />;
  if (error) return <Notice tone="error">{error.message}</Notice>;
  const year = years.find((y: FiscalYearListEntry) => phases.includes(y.phase)) ?? defaultYear(years);
  if (!year) return <Notice title="年度がありません">国が年度を開始すると、ここで作業できます。</Notice>;
  return <Navigate to={`${base}/${year.fiscalYear}`} replace />;
}
