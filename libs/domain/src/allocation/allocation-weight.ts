import { InvalidAllocationInput } from './allocation.errors';

/**
 * Default weight of an insurer in a municipal pool (市町村分): its total score for the grant × its number of
 * category-1 insured persons (第1号被保険者数, aged 65+), as published by municipalities. The weight rule is a versioned
 * input of the fiscal year; this is the default it starts from.
 */
export function municipalDefaultWeight(totalScore: bigint, category1InsuredPersons: bigint): bigint {
  requireNonNegative(totalScore, 'totalScore', 'NEGATIVE_SCORE', '得点', 'score');
  requireNonNegative(
    category1InsuredPersons,
    'category1InsuredPersons',
    'NEGATIVE_INSURED_PERSONS',
    '第1号被保険者数',
    'number of category-1 insured persons',
  );
  return totalScore * category1InsuredPersons;
}

/** Default weight of a prefecture in a prefectural pool (都道府県分): its score for the grant. */
export function prefecturalDefaultWeight(score: bigint): bigint {
  requireNonNegative(score, 'score', 'NEGATIVE_SCORE', '得点', 'score');
  return score;
}

function requireNonNegative(
  value: bigint,
  field: string,
  reason: 'NEGATIVE_SCORE' | 'NEGATIVE_INSURED_PERSONS',
  nameJa: string,
  nameEn: string,
): void {
  if (typeof value !== 'bigint') {
    throw new InvalidAllocationInput(field, 'NOT_BIGINT', `${nameJa}は整数（BigInt）で指定してください`, `${nameEn} must be a BigInt`);
  }
  if (value < 0n) {
    throw new InvalidAllocationInput(field, reason, `${nameJa}が負です（${value}）`, `${nameEn} is negative (${value})`);
  }
}
