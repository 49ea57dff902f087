import {
  AnswerType,
  Framework,
  frameworkRules,
  GoalId,
  GrantId,
  GroupIndicator,
  GroupKind,
  groupIndicators,
  isNumericIndicator,
  NumericIndicator,
} from '../framework/framework';
import { answerPoints, IndicatorAnswer } from './answer-points';
import { ScoreRate, scoreRate } from './score-rate';
import { InvalidScoringInput, ScoringInvariantViolated } from './scoring.errors';

/** What one insurer brings to scoring: its answers and the points of its numeric indicators. */
export interface InsurerScoringInput {
  /** Insurer (or, for a prefectural framework, prefecture) code. */
  readonly code: string;
  /** Answers to self-assessed indicators by indicator id; an indicator without an answer scores 0. */
  readonly answers: Readonly<Record<string, IndicatorAnswer>>;
  /**
   * Points of the items nobody answers, by indicator id, as computed by the national step: numeric indicators
   * (`percentileBandPoints`; 0 or one band's points), v2 combined items (an integer from 0 to the item's points) and
   * v2 derived items (likewise). An item without points scores 0.
   */
  readonly numericPoints?: Readonly<Record<string, number>>;
}

export interface IndicatorScore {
  readonly indicatorId: string;
  readonly answerType: AnswerType | 'derived';
  readonly points: number;
  readonly maxPoints: number;
}

/** Score of one indicator group (指標群): the row of the published table. */
export interface GroupScore {
  readonly groupId: string;
  readonly kind: GroupKind;
  readonly title: string;
  /** The sum of its items, capped at `maxPoints` where the year's rules cap groups (v2). */
  readonly score: number;
  readonly maxPoints: number;
  /** v2: a group scored once and counted in several grants (goal IV); true in each grant it counts in. */
  readonly shared?: true;
  /** 得点率 of the insurer for this group. */
  readonly rate: ScoreRate;
  readonly indicators: readonly IndicatorScore[];
}

export interface GoalScore {
  readonly goalId: GoalId;
  readonly title: string;
  readonly score: number;
  readonly maxPoints: number;
  readonly groups: readonly GroupScore[];
}

export interface GrantScore {
  readonly grant: GrantId;
  readonly score: number;
  readonly maxPoints: number;
  readonly rate: ScoreRate;
  readonly goals: readonly GoalScore[];
}

/** An insurer's score per indicator, group, goal and grant, and its total over all grants. */
export interface InsurerScore {
  readonly code: string;
  readonly score: number;
  readonly maxPoints: number;
  readonly rate: ScoreRate;
  readonly grants: readonly GrantScore[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/**
 * Scores one insurer against a framework. Pure and independent of key order: it walks the framework, not the input.
 * Rejects answers or points for indicators the framework does not have (a typo would otherwise silently score 0),
 * answers to numeric indicators (those are the state's figures, not the insurer's claim) and numeric points that are
 * not a band's points, so that no score can exceed its maximum. `field` prefixes error paths when the input is one
 * entry of a larger one (e.g. `insurers[3].`).
 */
export function scoreInsurer(framework: Framework, input: InsurerScoringInput, field = ''): InsurerScore {
  const indicators = new Map(groupIndicators(framework).map((located) => [located.indicator.id, located.indicator]));
  const { groupCap } = frameworkRules(framework);
  const numericPoints = input.numericPoints ?? {};
  checkAnswerKeys(input.answers, indicators, `${field}answers`);
  checkNumericPoints(numericPoints, indicators, `${field}numericPoints`);

  const pointsOf = (indicator: GroupIndicator): number =>
    indicator.answerType === 'numeric' || indicator.answerType === 'derived'
      ? (own(numericPoints, indicator.id) ?? 0)
      : answerPoints(indicator, own(input.answers, indicator.id), `${field}answers.${indicator.id}`);

  const grants = framework.grants.map((grant): GrantScore => {
    const goals = grant.goals.map((goal): GoalScore => {
      const groups = goal.groups.map((group): GroupScore => {
        const indicatorScores = group.indicators.map(
          (indicator): IndicatorScore => ({
            indicatorId: indicator.id,
            answerType: indicator.answerType,
            points: pointsOf(indicator),
            maxPoints: indicator.points,
          }),
        );
        const itemSum = sum(indicatorScores.map((i) => i.points));
        const score = groupCap ? Math.min(itemSum, group.maxPoints) : itemSum;
        return {
          groupId: group.id,
          kind: group.kind,
          title: group.title,
          ...(group.countsIn ? { shared: true as const } : {}),
          score,
          maxPoints: group.maxPoints,
          rate: scoreRate(score, group.maxPoints),
          indicators: indicatorScores,
        };
      });
      return {
        goalId: goal.id,
        title: goal.title,
        score: sum(groups.map((g) => g.score)),
        maxPoints: sum(groups.map((g) => g.maxPoints)),
        groups,
      };
    });
    const score = sum(goals.map((g) => g.score));
    return { grant: grant.grant, score, maxPoints: grant.maxPoints, rate: scoreRate(score, grant.maxPoints), goals };
  });

  const score = sum(grants.map((g) => g.score));
  const maxPoints = sum(grants.map((g) => g.maxPoints));
  const result: InsurerScore = { code: input.code, score, maxPoints, rate: scoreRate(score, maxPoints), grants };
  checkWithinMaxima(result);
  return result;
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function requireIndicator(indicators: ReadonlyMap<string, GroupIndicator>, id: string, field: string): GroupIndicator {
  const indicator = indicators.get(id);
  if (!indicator) {
    throw new InvalidScoringInput(`${field}.${id}`, 'UNKNOWN_INDICATOR', `指標 ${id} はこの指標体系にありません`, `the framework has no indicator ${id}`);
  }
  return indicator;
}

function checkAnswerKeys(
  answers: Readonly<Record<string, IndicatorAnswer>>,
  indicators: ReadonlyMap<string, GroupIndicator>,
  field: string,
): void {
  for (const id of Object.keys(answers).sort()) {
    const indicator = requireIndicator(indicators, id, field);
    if (indicator.answerType === 'numeric' || indicator.answerType === 'derived') {
      throw new InvalidScoringInput(
        `${field}.${id}`,
        'NOT_SELF_ASSESSED',
        `指標 ${id} は国による数値評価の指標で、回答はできません`,
        `indicator ${id} is scored from national figures and takes no answer`,
      );
    }
  }
}

function checkNumericPoints(
  numericPoints: Readonly<Record<string, number>>,
  indicators: ReadonlyMap<string, GroupIndicator>,
  field: string,
): void {
  for (const id of Object.keys(numericPoints).sort()) {
    const indicator = requireIndicator(indicators, id, field);
    if (indicator.answerType !== 'numeric' && indicator.answerType !== 'derived') {
      throw new InvalidScoringInput(
        `${field}.${id}`,
        'NOT_NUMERIC',
        `指標 ${id} は数値評価の指標ではありません`,
        `indicator ${id} is not a numeric indicator`,
      );
    }
    if (!isNumericIndicator(indicator)) {
      const points = numericPoints[id];
      if (!Number.isSafeInteger(points) || points < 0 || points > indicator.points) {
        throw new InvalidScoringInput(
          `${field}.${id}`,
          'POINTS_NOT_IN_BANDS',
          `指標 ${id} の得点は 0〜${indicator.points} の整数です`,
          `points of ${id} must be an integer from 0 to ${indicator.points}`,
        );
      }
      continue;
    }
    if (!isBandPoints(indicator, numericPoints[id])) {
      throw new InvalidScoringInput(
        `${field}.${id}`,
        'POINTS_NOT_IN_BANDS',
        `指標 ${id} の得点は 0 または区分の配点（${indicator.bands.map((b) => b.points).join('・')}）です`,
        `points of ${id} must be 0 or a band's points (${indicator.bands.map((b) => b.points).join(', ')})`,
      );
    }
  }
}

function isBandPoints(indicator: NumericIndicator, points: unknown): boolean {
  return points === 0 || indicator.bands.some((band) => band.points === points);
}

/** Post-condition: every score is an integer from 0 to its maximum, and each level is the sum of the one below. */
function checkWithinMaxima(result: InsurerScore): void {
  const check = (what: string, score: number, maxPoints: number) => {
    if (!Number.isSafeInteger(score) || score < 0 || score > maxPoints) {
      throw new ScoringInvariantViolated('SCORE_WITHIN_MAXIMUM', `${result.code} ${what}: ${score} / ${maxPoints}`);
    }
  };
  check('total', result.score, result.maxPoints);
  for (const grant of result.grants) {
    check(grant.grant, grant.score, grant.maxPoints);
    for (const goal of grant.goals) {
      check(`${grant.grant} ${goal.goalId}`, goal.score, goal.maxPoints);
      for (const group of goal.groups) {
        check(`${grant.grant} ${group.groupId}`, group.score, group.maxPoints);
        for (const indicator of group.indicators) {
          check(indicator.indicatorId, indicator.points, indicator.maxPoints);
        }
      }
    }
  }
}
