import { GoalId, GrantId, GroupKind } from '../framework/framework';
import { ScoreRate } from './score-rate';
import { NationalScore } from './score-nation';
import { InvalidScoringInput } from './scoring.errors';

/** One row of the table a municipality publishes per indicator group: max, score, its rate and the national rate. */
export interface ScoreTableRow {
  readonly grant: GrantId;
  readonly goalId: GoalId;
  readonly groupId: string;
  readonly kind: GroupKind;
  readonly title: string;
  readonly maxPoints: number;
  readonly score: number;
  readonly rate: ScoreRate;
  readonly nationalRate: ScoreRate;
}

/** The published per-group table of one insurer, in framework order (推進 I-i … IV, then 支援). */
export function scoreTable(national: NationalScore, code: string): ScoreTableRow[] {
  const insurer = national.insurers.find((candidate) => candidate.code === code);
  if (!insurer) {
    throw new InvalidScoringInput(
      'code',
      'UNKNOWN_INSURER',
      `保険者 ${code} は採点結果にありません`,
      `insurer ${code} is not in the national score`,
    );
  }
  const rows: ScoreTableRow[] = [];
  let index = 0;
  for (const grant of insurer.grants) {
    for (const goal of grant.goals) {
      for (const group of goal.groups) {
        // groupRates is in the same framework order as the insurer's groups.
        const nationalRate = national.groupRates[index];
        index += 1;
        rows.push({
          grant: grant.grant,
          goalId: goal.goalId,
          groupId: group.groupId,
          kind: group.kind,
          title: group.title,
          maxPoints: group.maxPoints,
          score: group.score,
          rate: group.rate,
          nationalRate: nationalRate.rate,
        });
      }
    }
  }
  return rows;
}
