import { Framework, frameworkIndicators } from '@grants/domain';

/** 推進 and 支援, municipal and prefectural, as a national budget would split them (yen as decimal strings). */
export const NATIONAL_POOLS = {
  suishinMunicipalYen: '19000000000',
  suishinPrefecturalYen: '1000000000',
  shienMunicipalYen: '19000000000',
  shienPrefecturalYen: '1000000000',
} as const;

/** The body of POST /fiscal-years: submissions due at `dueAt`, the prefectures' and the review's deadlines just after. */
export function openFiscalYearBody(fiscalYear: string, dueAt: Date, pools: Record<string, string> = NATIONAL_POOLS) {
  return {
    fiscalYear,
    pools,
    deadlines: {
      submissionsDueAt: dueAt.toISOString(),
      prefectureSubmissionsDueAt: new Date(dueAt.getTime() + 100).toISOString(),
      reviewDueAt: new Date(dueAt.getTime() + 200).toISOString(),
    },
    allocationRuleVersion: 'municipal-score-x-insured-v1',
  };
}

/** An answer to every self-assessed indicator: yes, and each choice indicator's first option. */
export function simpleAnswers(framework: Framework): Record<string, object> {
  const answers: Record<string, object> = {};
  for (const { indicator } of frameworkIndicators(framework)) {
    if (indicator.answerType === 'yes_no') answers[indicator.id] = { answerType: 'yes_no', yes: true };
    if (indicator.answerType === 'choice') answers[indicator.id] = { answerType: 'choice', optionIds: [indicator.options[0].id] };
  }
  return answers;
}
