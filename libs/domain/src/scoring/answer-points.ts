import { SelfAssessedIndicator } from '../framework/framework';
import { InvalidScoringInput } from './scoring.errors';

/**
 * An insurer's answer to a self-assessed indicator (group (i) 体制・取組指標群, or a prefectural category item).
 * - yes_no: `yes` true or false;
 * - choice: the ids of the chosen options (at most one for a single choice; none means nothing applies).
 */
export type IndicatorAnswer =
  | { readonly answerType: 'yes_no'; readonly yes: boolean }
  | { readonly answerType: 'choice'; readonly optionIds: readonly string[] };

/**
 * Points an answer earns. No answer earns 0: an item the insurer did not claim is not met. A multiple choice earns the
 * sum of the ticked options capped at the indicator's points (published items read "3 of the 5 for full points"), so
 * the result never exceeds the indicator's maximum. An answer that does not fit the indicator is rejected rather than
 * scored as 0, because a silent 0 would look like a deduction (減点) the insurer never earned.
 */
export function answerPoints(
  indicator: SelfAssessedIndicator,
  answer: IndicatorAnswer | undefined,
  field = `answers.${indicator.id}`,
): number {
  if (answer === undefined) return 0;
  if (answer.answerType !== indicator.answerType) {
    throw new InvalidScoringInput(
      field,
      'ANSWER_TYPE_MISMATCH',
      `指標 ${indicator.id} の回答形式は ${indicator.answerType} です`,
      `indicator ${indicator.id} takes a ${indicator.answerType} answer, not ${answer.answerType}`,
    );
  }
  if (answer.answerType === 'yes_no' || indicator.answerType === 'yes_no') {
    // Both are yes_no here (checked equal above); the test is repeated only so the compiler can narrow `answer`.
    return answer.answerType === 'yes_no' && answer.yes === true ? indicator.points : 0;
  }

  const chosen = new Set<string>();
  let sum = 0;
  for (const optionId of answer.optionIds) {
    const option = indicator.options.find((o) => o.id === optionId);
    if (!option) {
      throw new InvalidScoringInput(
        field,
        'UNKNOWN_OPTION',
        `指標 ${indicator.id} に選択肢 ${optionId} はありません`,
        `indicator ${indicator.id} has no option ${optionId}`,
      );
    }
    if (chosen.has(optionId)) {
      throw new InvalidScoringInput(
        field,
        'DUPLICATE_OPTION',
        `選択肢 ${optionId} が重複しています`,
        `option ${optionId} is chosen twice`,
      );
    }
    chosen.add(optionId);
    sum += option.points;
  }
  if (indicator.selection === 'single' && chosen.size > 1) {
    throw new InvalidScoringInput(
      field,
      'TOO_MANY_OPTIONS',
      `指標 ${indicator.id} は単一選択です`,
      `indicator ${indicator.id} takes a single option`,
    );
  }
  return Math.min(sum, indicator.points);
}
