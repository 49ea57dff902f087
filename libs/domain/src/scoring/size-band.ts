import { Rank, rankByScore } from './ranking';

/** 規模区分: 1 … 5 by 第1号被保険者数 (DOMAIN.md "Results as users see them"; reference national-results.md §2). */
export type SizeBand = 1 | 2 | 3 | 4 | 5;

/** The lower bound of each band from 2 on: 3,000 / 10,000 / 50,000 / 100,000 category-1 insured persons. */
export const SIZE_BAND_LOWER_BOUNDS: readonly number[] = [3_000, 10_000, 50_000, 100_000];

/** The band of a count of 第1号被保険者: 1 under 3,000; 2 from 3,000 to 9,999; … 5 from 100,000. */
export function sizeBandOf(category1InsuredPersons: number): SizeBand {
  if (!Number.isInteger(category1InsuredPersons) || category1InsuredPersons < 0) {
    throw new RangeError(`sizeBandOf: not a count of insured persons: ${category1InsuredPersons}`);
  }
  return (1 + SIZE_BAND_LOWER_BOUNDS.filter((bound) => category1InsuredPersons >= bound).length) as SizeBand;
}

/** A recipient's band and its place among the members of that band (competition rank; `outOf` is the band's n). */
export interface SizeBandRank {
  readonly band: SizeBand;
  readonly rank: Rank;
}

/**
 * Ranks total scores within each size band: the same competition ranking as the national one, among the insurers of
 * the same band only. Independent of input order.
 */
export function rankWithinSizeBands(
  entries: readonly { readonly code: string; readonly score: number; readonly category1InsuredPersons: number }[],
): Map<string, SizeBandRank> {
  const byBand = new Map<SizeBand, { code: string; score: number }[]>();
  for (const entry of entries) {
    const band = sizeBandOf(entry.category1InsuredPersons);
    byBand.set(band, [...(byBand.get(band) ?? []), { code: entry.code, score: entry.score }]);
  }
  const ranks = new Map<string, SizeBandRank>();
  for (const [band, members] of byBand) {
    for (const [code, rank] of rankByScore(members)) ranks.set(code, { band, rank });
  }
  return ranks;
}
