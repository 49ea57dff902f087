import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../api/client';
import type { CalculationDiff, CalculationList, InsurerList, PendingApprovals, PoolId } from '../api/types';

/** 試算 1, 確定, 再算定 2 … from the API's calculation names (trial:1, final, recalculation:2). */
export function calculationLabel(ref: string): string {
  if (ref === 'final') return '確定';
  const [kind, n] = ref.split(':');
  if (kind === 'trial') return `試算 ${n}`;
  if (kind === 'recalculation') return `再算定 ${n}`;
  return ref;
}

export const POOL_LABELS: Record<PoolId, string> = {
  'suishin-municipal': '推進・市町村分',
  'suishin-prefectural': '推進・都道府県分',
  'shien-municipal': '支援・市町村分',
  'shien-prefectural': '支援・都道府県分',
};

/** Every trial, the finalization and every recalculation of the year, oldest first, and the one in force. */
export function useCalculations(fiscalYear: string) {
  return useQuery({
    queryKey: ['calculations', fiscalYear],
    queryFn: () => answer<CalculationList>(api.GET('/audit/fiscal-years/{fiscalYear}/calculations', { params: { path: { fiscalYear } } })),
  });
}

/** What awaits the approval (決裁) of a second national administrator. */
export function usePending(fiscalYear: string) {
  return useQuery({
    queryKey: ['pending', fiscalYear],
    queryFn: () => answer<PendingApprovals>(api.GET('/fiscal-years/{fiscalYear}/calculations/pending', { params: { path: { fiscalYear } } })),
  });
}

/** Two calculations side by side, every recipient whose amount differs (exact yen). */
export function useDiff(fiscalYear: string, from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: ['diff', fiscalYear, from, to],
    enabled: Boolean(from && to),
    queryFn: () =>
      answer<CalculationDiff>(
        api.GET('/audit/fiscal-years/{fiscalYear}/diff', { params: { path: { fiscalYear }, query: { from: from!, to: to! } } }),
      ),
  });
}

/** The register's names by code, to name the recipients of a comparison. */
export function useInsurerNames(fiscalYear: string) {
  return useQuery({
    queryKey: ['insurers', fiscalYear, 'names'],
    queryFn: async () => {
      const list = await answer<InsurerList>(api.GET('/fiscal-years/{fiscalYear}/insurers', { params: { path: { fiscalYear } } }));
      return new Map(list.insurers.map((i) => [i.code, i.name]));
    },
    staleTime: 5 * 60_000,
  });
}

/** The three actions of the page: 試算, 起案, 決裁. Each refreshes what it changes. */
export function useCalculationActions(fiscalYear: string) {
  const client = useQueryClient();
  const refresh = () =>
    Promise.all(
      [['calculations', fiscalYear], ['pending', fiscalYear], ['diff', fiscalYear], ['readiness', fiscalYear], ['fiscal-year', fiscalYear]].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
  const path = { params: { path: { fiscalYear } } };
  return {
    trial: useMutation({
      mutationFn: () => answer<{ trialNumber: number; pools: readonly { pool: PoolId; placedYen: string; unallocatedYen: string }[] }>(api.POST('/fiscal-years/{fiscalYear}/calculations/trials', path)),
      onSuccess: refresh,
    }),
    request: useMutation({
      /** A trial's number; none in a settlement year, which settles under the requests instead. */
      mutationFn: (trialNumber: number | undefined) =>
        answer<{ trialNumber: number; requestedBy: string }>(api.POST('/fiscal-years/{fiscalYear}/calculations/finalization-request', { ...path, body: trialNumber === undefined ? {} : { trialNumber } })),
      onSuccess: refresh,
    }),
    approve: useMutation({
      mutationFn: () => answer<{ trialNumber: number | null; requestedBy: string | null; approvedBy: string }>(api.POST('/fiscal-years/{fiscalYear}/calculations/finalization-approval', path)),
      onSuccess: refresh,
    }),
  };
}
