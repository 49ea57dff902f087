import { useQuery } from '@tanstack/react-query';
import { answer, api, ApiError } from '../api/client';
import type { DraftView, FiscalYearView, PoolId } from '../api/types';
import { warekiDateTime, withJstTimes } from '../format/format';

/**
 * What the local governments read about amounts: the 内示 (案), the amounts in force with 確定 and 追加交付, and why.
 * The shapes follow the API's queries (get-latest-calculation.query.ts, explain-amount.query.ts); the browser only
 * shows the figures, never computes them.
 */

/** GET /fiscal-years/{fy}: the facts of settlement years the shared FiscalYearView does not spell out. */
export type YearWithRequests = Omit<FiscalYearView, 'phase'> & {
  readonly phase: string;
  readonly requestsDueAt?: string | null;
  readonly phases?: readonly string[];
};

/** Every phase of both workflows, as offices call them. */
export const ALL_PHASE_LABELS: Record<string, string> = {
  open: '受付中',
  submissions_closed: '提出締切',
  review_completed: '国の審査完了',
  scored: '評価確定',
  allocated: '交付額算定済',
  draft_published: '内示済み',
  requests_open: '所要見込額の受付中',
  requests_closed: '所要見込額の受付終了',
  finalized: '交付額確定',
};

export const phaseLabel = (phase: string): string => ALL_PHASE_LABELS[phase] ?? phase;

export const POOL_LABELS: Record<PoolId, string> = {
  'suishin-municipal': '保険者機能強化推進交付金',
  'shien-municipal': '介護保険保険者努力支援交付金',
  'suishin-prefectural': '保険者機能強化推進交付金（都道府県分）',
  'shien-prefectural': '介護保険保険者努力支援交付金（都道府県分）',
};

/** One recipient's allocation in a pool (RecordedAllocation). */
export interface Allocation {
  readonly code: string;
  readonly weight: string;
  readonly capYen: string | null;
  readonly capped: boolean;
  readonly amountYen: string;
  readonly draftYen?: string;
  readonly additionalYen?: string;
}

/** GET …/calculations/latest?code= or ?prefecture=: the amounts in force, and whether they are the 確定. */
export interface AreaCalculation {
  readonly fiscalYear: string;
  readonly calculation: string;
  readonly finalized: { readonly finalizedAt: string } | null;
  readonly pools: readonly { readonly pool: PoolId; readonly recipients: readonly Allocation[] }[];
}

/** GET …/calculations/why/{code} (explain-amount.query.ts). */
export interface PoolExplanation {
  readonly pool: PoolId;
  readonly title: string;
  readonly poolYen: string;
  readonly weight: string;
  readonly weightRule: string;
  readonly nationalWeightSum: string;
  readonly shareOfNationalSum: string;
  readonly capYen: string | null;
  readonly capped: boolean;
  readonly exactShareYen: string;
  readonly amountYen: string;
  readonly amountThousandYen: string;
  readonly rounding: string;
  readonly redistributionRounds: number;
  readonly draftYen?: string;
  readonly additionalYen?: string;
  readonly components?: Readonly<Record<string, string>>;
}

export interface AmountExplanation {
  readonly fiscalYear: string;
  readonly code: string;
  readonly calculation: { readonly finalized: boolean; readonly trialNumber: number; readonly recalculationNumber: number | null };
  readonly pools: readonly PoolExplanation[];
}

/** Nothing published yet is not an error: a 404 becomes `null`. */
export async function unlessMissing<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function useYearFacts(fiscalYear: string) {
  return useQuery({
    queryKey: ['fiscal-year', fiscalYear],
    enabled: fiscalYear !== '',
    queryFn: () => unlessMissing(answer<YearWithRequests>(api.GET('/fiscal-years/{fiscalYear}', { params: { path: { fiscalYear } } }))),
  });
}

/** The 内示 of one recipient (an insurer, or the prefecture itself); null before it is published. */
export function useDraft(fiscalYear: string, code: string) {
  return useQuery({
    queryKey: ['draft', fiscalYear, code],
    enabled: fiscalYear !== '',
    queryFn: () => unlessMissing(answer<DraftView>(api.GET('/fiscal-years/{fiscalYear}/calculations/draft/{code}', { params: { path: { fiscalYear, code } } }))),
  });
}

/** The amounts in force of one recipient (`code`) or of a prefecture's area (`prefecture`); null before any 試算. */
export function useAmounts(fiscalYear: string, scope: { code: string } | { prefecture: string }) {
  return useQuery({
    queryKey: ['amounts', fiscalYear, scope],
    enabled: fiscalYear !== '',
    queryFn: () => unlessMissing(answer<AreaCalculation>(api.GET('/fiscal-years/{fiscalYear}/calculations/latest', { params: { path: { fiscalYear }, query: scope } }))),
  });
}

export function useExplanation(fiscalYear: string, code: string, enabled: boolean) {
  return useQuery({
    queryKey: ['why', fiscalYear, code],
    enabled: enabled && fiscalYear !== '',
    queryFn: () => unlessMissing(answer<AmountExplanation>(api.GET('/fiscal-years/{fiscalYear}/calculations/why/{code}', { params: { path: { fiscalYear, code } } }))),
  });
}

/**
 * The 所要見込額 window's refusals said as a civil servant acts on them (409 REQUESTS.*); any other refusal as the
 * API words it, with its times in JST.
 */
export function requestRefusal(error: Error): { title: string; text: string } {
  const code = error instanceof ApiError ? error.code : undefined;
  const details = (error instanceof ApiError ? error.body?.details : undefined) as { phase?: string; requestsDueAt?: string | null } | undefined;
  const phase = details?.phase ? `（現在の段階: ${phaseLabel(details.phase)}）` : '';
  if (code === 'REQUESTS.WINDOW_NOT_OPEN') return { title: '所要見込額の受付はまだ始まっていません', text: `国が内示の後に受付を開始すると登録できます${phase}。入力した額は保存していません。` };
  if (code === 'REQUESTS.WINDOW_CLOSED') {
    const due = details?.requestsDueAt ? `受付期限は ${warekiDateTime(details.requestsDueAt)}（日本時間）でした。` : '';
    return { title: '所要見込額の受付は終了しています', text: `${due}入力した額は保存していません。変更が必要な場合は国（厚生労働省）にご相談ください。` };
  }
  return { title: '登録できませんでした', text: withJstTimes(error.message) };
}

/** Whole yen as the API sends it (a decimal string) → `21,000,000円`; the exact figure, where 千円 would round. */
export function yenFigure(yen: string | null | undefined): string {
  if (yen === null || yen === undefined || !/^-?\d+$/.test(yen)) return '—';
  return `${BigInt(yen).toLocaleString('ja-JP')}円`;
}
