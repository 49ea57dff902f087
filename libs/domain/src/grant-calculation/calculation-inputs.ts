import { FiscalYearState } from '../fiscal-year/fiscal-year';
import { PREFECTURES } from '../recipients/prefectures';
import { RegisterState } from '../register/register';
import { sha256Of } from '../scoring/fiscal-year-scoring';
import { ScoresCalculated } from '../scoring/scores-calculated';
import { PrefectureSubmissionState } from '../submission/prefecture-submission';
import { CalculationInputs } from './grant-calculation';

const grantScores = (grants: readonly { grant: string; score: number }[]) => ({
  suishin: grants.find((g) => g.grant === 'suishin')?.score ?? 0,
  shien: grants.find((g) => g.grant === 'shien')?.score ?? 0,
});

/**
 * What a calculation divides by, from the recorded scores, the register (category-1 insured persons) and the
 * prefectures' submitted 所要見込額 (no request, no cap). Pure: the API and the audit replay share it.
 */
export function calculationInputs(
  year: Extract<FiscalYearState, { status: 'opened' }>,
  scores: ScoresCalculated,
  register: RegisterState,
  prefectureSubmissions: ReadonlyMap<string, PrefectureSubmissionState>,
): CalculationInputs {
  return {
    fiscalYear: year.fiscalYear,
    ruleVersion: year.allocationRuleVersion,
    unitYen: BigInt(year.unitYen),
    pools: year.pools,
    insurers: scores.data.insurers.map((insurer) => ({
      code: insurer.code,
      category1InsuredPersons: register.insurers.get(insurer.code)?.category1InsuredPersons ?? 0,
      grantScores: grantScores(insurer.grants),
    })),
    prefectures: PREFECTURES.map((prefecture) => {
      const submission = prefectureSubmissions.get(prefecture.code);
      const scored = scores.data.prefectures.find((p) => p.code === prefecture.code);
      return {
        code: prefecture.code,
        grantScores: grantScores(scored?.grants ?? []),
        ...(submission?.status === 'submitted' &&
          submission.requested && { requestedYen: { suishin: BigInt(submission.requested.suishinYen), shien: BigInt(submission.requested.shienYen) } }),
      };
    }),
  };
}

/** SHA-256 of calculation inputs; BigInts are hashed as decimal strings, like every yen amount in the store. */
export function hashCalculationInputs(inputs: CalculationInputs): string {
  return sha256Of(JSON.parse(JSON.stringify(inputs, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))));
}
