import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, api } from '../api/client';
import type { PoolId } from '../api/types';
import { ALLOCATION_RULES } from '../../../../libs/domain/src/allocation/allocation-rules';

/** The allocation rule versions a year may be opened under (the rule table of libs/domain), with what each means. */
export const RULE_VERSIONS: readonly { readonly version: string; readonly label: string; readonly settles: boolean }[] = Object.values(ALLOCATION_RULES).map((rule) => ({
  version: rule.version,
  settles: rule.settlement === 'draft-then-requests',
  label:
    rule.settlement === 'draft-then-requests'
      ? `${rule.version}（内示 → 所要見込額 → 確定・追加交付、千円未満切捨て）`
      : `${rule.version}（1回の配分、最大剰余法）`,
}));

/** Whether a year's rule settles a published 案 against the 所要見込額 (内示 and the window are then part of its workflow). */
export function settlesRequests(version: string): boolean {
  return RULE_VERSIONS.find((r) => r.version === version)?.settles ?? false;
}

/** GET /frameworks: the shipped frameworks a year can be opened with. */
export interface ShippedFramework {
  readonly id: string;
  readonly level: 'municipal' | 'prefectural';
  readonly fiscalYear: string;
  readonly frameworkVersion: number;
  readonly title: string;
  readonly isDefault: boolean;
}

export function useShippedFrameworks() {
  return useQuery({ queryKey: ['frameworks'], queryFn: () => answer<ShippedFramework[]>(api.GET('/frameworks')), staleTime: Infinity });
}

/** 案, 所要見込額 (null: none stated) and 所要見込額 − 案, in yen. */
export interface RequestAmounts {
  readonly draftYen: string;
  readonly requestedYen: string | null;
  readonly differenceYen: string | null;
}

/** GET /fiscal-years/{fy}/calculations/requests (list-requests.query.ts). */
export interface RequestsView {
  readonly fiscalYear: string;
  readonly draftTrialNumber: number | null;
  readonly publishedAt: string | null;
  readonly pools: readonly { readonly pool: PoolId; readonly draftYen: string; readonly requests: number; readonly belowDraft: number; readonly freedYen: string }[];
  readonly rows: readonly {
    readonly level: 'municipal' | 'prefectural';
    readonly code: string;
    readonly suishin: RequestAmounts;
    readonly shien: RequestAmounts;
    readonly requestedAt: string | null;
  }[];
}

export function useRequests(fiscalYear: string) {
  return useQuery({
    queryKey: ['requests', fiscalYear],
    queryFn: () => answer<RequestsView>(api.GET('/fiscal-years/{fiscalYear}/calculations/requests', { params: { path: { fiscalYear } } })),
  });
}

/** Everything a command on a year may change, refreshed after it. */
export function useRefreshYear(fiscalYear: string) {
  const client = useQueryClient();
  return () =>
    Promise.all(
      [['fiscal-year', fiscalYear], ['fiscal-years'], ['readiness', fiscalYear], ['calculations', fiscalYear], ['pending', fiscalYear], ['diff', fiscalYear], ['requests', fiscalYear], ['insurers', fiscalYear]].map((queryKey) =>
        client.invalidateQueries({ queryKey }),
      ),
    );
}

/** 内示: publishes a trial as the draft 交付見込額（案）. */
export function usePublishDraft(fiscalYear: string) {
  const refresh = useRefreshYear(fiscalYear);
  return useMutation({
    mutationFn: (trialNumber: number) =>
      answer<{ trialNumber: number; publishedBy: string }>(api.POST('/fiscal-years/{fiscalYear}/calculations/draft', { params: { path: { fiscalYear } }, body: { trialNumber } })),
    onSuccess: refresh,
  });
}
