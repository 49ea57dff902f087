import { useQuery } from '@tanstack/react-query';
import { answer, api, ApiError } from '../api/client';
import type { Framework, FiscalYearListEntry, FiscalYearView, ReadinessView } from '../api/types';


/** The fiscal years the service holds, newest first (GET /fiscal-years). */
export function useYears() {
  const result = useQuery({
    queryKey: ['fiscal-years'],
    queryFn: () => answer<FiscalYearListEntry[]>(api.GET('/fiscal-years')),
  });
  return { isLoading: result.isLoading, error: result.error, years: result.data ?? [] };
}

async function fetchYear(fiscalYear: string): Promise<FiscalYearView | null> {
  try {
    return await answer<FiscalYearView>(api.GET('/fiscal-years/{fiscalYear}', { params: { path: { fiscalYear } } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function useYear(fiscalYear: string) {
  return useQuery({ queryKey: ['fiscal-year', fiscalYear], queryFn: () => fetchYear(fiscalYear) });
}

export function useReadiness(fiscalYear: string) {
  return useQuery({
    queryKey: ['readiness', fiscalYear],
    queryFn: () => answer<ReadinessView>(api.GET('/fiscal-years/{fiscalYear}/readiness', { params: { path: { fiscalYear } } })),
  });
}

/** The indicators and their titles, as the year was opened with them. */
export function useFramework(fiscalYear: string, level: 'municipal' | 'prefectural' = 'municipal') {
  return useQuery({
    queryKey: ['framework', fiscalYear, level],
    queryFn: () => answer<Framework>(api.GET('/fiscal-years/{fiscalYear}/frameworks/{level}', { params: { path: { fiscalYear, level } } })),
    staleTime: Infinity,
  });
}

export const PHASE_LABELS: Record<FiscalYearView['phase'], string> = {
  open: '受付中',
  submissions_closed: '提出締切',
  review_completed: '国の審査完了',
  scored: '評価確定',
  allocated: '交付額算定済',
  draft_published: '内示済',
  requests_open: '所要見込額受付中',
  requests_closed: '所要見込額締切',
  finalized: '交付額確定',
};
