import type { Rank } from '../api/types';

/** A row of the published table (score-view.ts TableRowView), with the prefecture's rate (都道府県平均). */
export interface ResultRow {
  readonly grant: string;
  readonly goalId: string;
  readonly groupId: string;
  readonly title: string;
  readonly maxPoints: number;
  readonly score: number;
  readonly rate: string;
  readonly nationalRate: string | null;
  readonly prefectureRate?: string | null;
}

/** GET /fiscal-years/{fy}/scores/{code} (get-insurer-score.query.ts): 評価結果 as published. */
export interface ResultSheet {
  readonly fiscalYear: string;
  readonly grantYear: { readonly fiscalYear: string; readonly name: string };
  readonly activityYear: { readonly fiscalYear: string; readonly name: string };
  readonly code: string;
  readonly prefectureCode: string;
  readonly total: { readonly score: number; readonly maxPoints: number; readonly rate: string };
  readonly ranks: { readonly national: Rank; readonly prefecture: Rank; readonly sizeBand: { readonly band: number; readonly rank: Rank } | null };
  readonly grants: readonly { readonly grant: string; readonly score: number; readonly maxPoints: number; readonly rate: string; readonly ranks: { readonly national: Rank; readonly prefecture: Rank } }[];
  readonly table: readonly ResultRow[];
  readonly previousYear: { readonly fiscalYear: string; readonly score: number; readonly maxPoints: number; readonly rank: Rank } | null;
  readonly calculatedAt: string;
}

export const GRANT_TITLES: Record<string, string> = {
  suishin: '保険者機能強化推進交付金',
  shien: '介護保険保険者努力支援交付金',
};

/** `12位 / 1,741`, with 同順位 as the published ranks give it. */
export const rankText = (rank: Rank | null | undefined): string => (rank ? `${rank.competition.toLocaleString('ja-JP')}位 / ${rank.outOf.toLocaleString('ja-JP')}` : '—');

/** The API's rates carry their % already (`45.0%`); older answers may not. */
export const rateText = (rate: string | null | undefined): string => (rate === null || rate === undefined ? '—' : rate.endsWith('%') ? rate : `${rate}%`);

/** A rate as a number for the chart's bars only (the figures people read stay the API's strings). */
export const rateValue = (rate: string | null | undefined): number | null => (rate === null || rate === undefined ? null : Number.parseFloat(rate));
