import { allocationRuleOf } from '../allocation';
import { FiscalYearState } from '../fiscal-year/fiscal-year';
import { PREFECTURES } from '../recipients/prefectures';
import { RegisterState } from '../register/register';
import { sha256Of } from '../scoring/fiscal-year-scoring';
import { ScoresCalculated } from '../scoring/scores-calculated';
import { PrefectureSubmissionState } from '../submission/prefecture-submission';
import { SubmissionState } from '../submission/submission';
import { CalculationInputs } from './grant-calculation';

const grantScores = (grants: readonly { grant: string; score: number }[]) => ({
  suishin: grants.find((g) => g.grant === 'suishin')?.score ?? 0,
  shien: grants.find((g) => g.grant === 'shien')?.score ?? 0,
});

/** Municipal 所要見込額 after 内示 by insurer code, in yen as decimal strings. */
export type MunicipalRequests = ReadonlyMap<string, { readonly suishinYen: string; readonly shienYen: string }>;

/** The municipal requests recorded on the insurers' submission streams. */
export function municipalRequestsOf(submissions: ReadonlyMap<string, SubmissionState>): MunicipalRequests {
  const requests = new Map<string, { suishinYen: string; shienYen: string }>();
  for (const [code, state] of submissions) if (state.requested) requests.set(code, state.requested);
  return requests;
}

/**
 * What a calculation divides by, from the recorded scores, the register (category-1 insured persons), the
 * prefectures' submitted 所要見込額 (no request, no cap) and, under rules that settle the draft against requests,
 * the municipalities' 所要見込額 after 内示 (older rule versions ignore them, so their inputs and hash stay as they
 * were). Pure: the API and the audit replay share it.
 */
export function calculationInputs(
  year: Extract<FiscalYearState, { status: 'opened' }>,
  scores: ScoresCalculated,
  register: RegisterState,
  prefectureSubmissions: ReadonlyMap<string, PrefectureSubmissionState>,
  municipalRequests: MunicipalRequests = new Map(),
): CalculationInputs {
  const requestsApply = allocationRuleOf(year.allocationRuleVersion).settlement === 'draft-then-requests';
  const requestOf = (code: string) => {
    const requested = requestsApply ? municipalRequests.get(code) : undefined;
    return requested && { requestedYen: { suishin: BigInt(requested.suishinYen), shien: BigInt(requested.shienYen) } };
  };
  return {
    fiscalYear: year.fiscalYear,
    ruleVersion: year.allocationRuleVersion,
    unitYen: BigInt(year.unitYen),
    pools: year.pools,
    insurers: scores.data.insurers.map((insurer) => ({
      code: insurer.code,
      category1InsuredPersons: register.insurers.get(insurer.code)?.category1InsuredPersons ?? 0,
      grantScores: grantScores(insurer.grants),
      ...requestOf(insurer.code),
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
