import { useQuery } from '@tanstack/react-query';
import { answer, api } from '../api/client';
import { PRESENT_HEADERS } from './as-of-mode';
import type { CalculationDiff, CalculationList, ChainReport, RecipientTimeline, ReplayReport } from '../api/types';

/** GET /audit/checkpoints (list-checkpoints.query.ts): the signed checkpoints of the chain head and the keys that verify them. */
export interface CheckpointList {
  readonly keys: readonly { readonly keyId: string; readonly publicKey: string; readonly current: boolean; readonly ephemeral?: boolean }[];
  readonly checkpoints: readonly {
    readonly id: string;
    readonly position: string;
    readonly hash: string;
    readonly signedAt: string;
    readonly keyId: string;
    readonly reason: string;
    readonly requestedBy: string | null;
  }[];
}

/** GET /audit/chain with the checkpoints checked against it (verify-chain.query.ts). */
export type ChainVerification = ChainReport & {
  readonly checkpoints: { readonly ok: boolean; readonly keyId: string; readonly checked: number; readonly failed: number; readonly otherKeys: readonly string[] };
};

/** GET /audit/fiscal-years/{fy}/recipients/{code}?asOf= (recipient-as-of.query.ts): flat fields as they stood. */
export interface RecipientAsOf {
  readonly fiscalYear: string;
  readonly code: string;
  readonly position: string | null;
  readonly view: Readonly<Record<string, string>>;
}

export const verifyChain = () => answer<ChainVerification>(api.GET('/audit/chain'));

export function useCheckpoints() {
  return useQuery({ queryKey: ['audit', 'checkpoints'], queryFn: () => answer<CheckpointList>(api.GET('/audit/checkpoints')) });
}

export const replayYear = (fiscalYear: string) => answer<ReplayReport>(api.GET('/audit/fiscal-years/{fiscalYear}/replay', { params: { path: { fiscalYear } } }));

export function useTimeline(fiscalYear: string, code: string | undefined) {
  return useQuery({
    queryKey: ['audit', 'timeline', fiscalYear, code],
    enabled: Boolean(fiscalYear && code),
    queryFn: () => answer<RecipientTimeline>(api.GET('/audit/fiscal-years/{fiscalYear}/timeline/{code}', { params: { path: { fiscalYear, code: code ?? '' } } })),
  });
}

/** One recipient as of a point (`asOf`: a position or an ISO time with its offset), or now without (even while every page shows a moment). */
export function useRecipientAsOf(fiscalYear: string, code: string | undefined, asOf: string | undefined) {
  return useQuery({
    queryKey: ['audit', 'recipient', fiscalYear, code, asOf],
    enabled: Boolean(fiscalYear && code),
    queryFn: () =>
      answer<RecipientAsOf>(
        api.GET('/audit/fiscal-years/{fiscalYear}/recipients/{code}', { params: { path: { fiscalYear, code: code ?? '' }, query: asOf ? { asOf } : {} }, headers: asOf ? {} : PRESENT_HEADERS }),
      ),
  });
}

export function useCalculations(fiscalYear: string) {
  return useQuery({
    queryKey: ['audit', 'calculations', fiscalYear],
    enabled: Boolean(fiscalYear),
    queryFn: () => answer<CalculationList>(api.GET('/audit/fiscal-years/{fiscalYear}/calculations', { params: { path: { fiscalYear } } })),
  });
}

export function useDiff(fiscalYear: string, from: string | undefined, to: string | undefined, all: boolean) {
  return useQuery({
    queryKey: ['audit', 'diff', fiscalYear, from, to, all],
    enabled: Boolean(fiscalYear && from && to),
    queryFn: () => answer<CalculationDiff>(api.GET('/audit/fiscal-years/{fiscalYear}/diff', { params: { path: { fiscalYear }, query: { from, to, all } } })),
  });
}
