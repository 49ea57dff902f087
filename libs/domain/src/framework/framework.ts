/**
 * The indicator framework (評価指標) of one fiscal year and one level: which grants, goals, indicator groups and
 * indicators exist, what each is worth, and how numeric indicators are turned into points. It is an input the national
 * administrator fixes when opening the fiscal year (DOMAIN.md, workflow step 1), so it is data, never code.
 */

/** Version of the JSON format read by `parseFramework`. A newer file is rejected instead of being half understood. */
export const FRAMEWORK_FORMAT_VERSION = 1;

/** 推進 = 保険者機能強化推進交付金 (since FY2018); 支援 = 介護保険保険者努力支援交付金 (since FY2020). */
export const GRANT_IDS = ['suishin', 'shien'] as const;
export type GrantId = (typeof GRANT_IDS)[number];

/** Official Japanese names of the two grants. */
export const GRANT_TITLES: Readonly<Record<GrantId, string>> = {
  suishin: '保険者機能強化推進交付金',
  shien: '介護保険保険者努力支援交付金',
};

/** Goals (目標) are numbered I–IV in the published frameworks. */
export const GOAL_IDS = ['I', 'II', 'III', 'IV'] as const;
export type GoalId = (typeof GOAL_IDS)[number];

/**
 * Kind of an indicator group.
 * - `i` 体制・取組指標群: structure and effort, self-assessed by the insurer (yes/no or choice items);
 * - `ii` 活動指標群: activity, a national figure scored by percentile bands;
 * - `outcome` 成果指標群: outcome (goal IV), a national figure scored by percentile bands;
 * - `category`: a category of the older, flat frameworks (e.g. the FY2021 prefectural II(1)…II(9)), which mixes
 *   answer types and has no structure/activity split.
 */
export const GROUP_KINDS = ['i', 'ii', 'outcome', 'category'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** Standard Japanese titles of the FY2024 group kinds. */
export const GROUP_KIND_TITLES: Readonly<Record<Exclude<GroupKind, 'category'>, string>> = {
  i: '体制・取組指標群',
  ii: '活動指標群',
  outcome: '成果指標群',
};

/** Municipal frameworks score insurers (市町村・広域連合); prefectural frameworks score the 47 prefectures. */
export const FRAMEWORK_LEVELS = ['municipal', 'prefectural'] as const;
export type FrameworkLevel = (typeof FRAMEWORK_LEVELS)[number];

/** Which way a national figure is better: a care-plan check rate is `higherIsBetter`, days to certification not. */
export const SCORE_DIRECTIONS = ['higherIsBetter', 'lowerIsBetter'] as const;
export type ScoreDirection = (typeof SCORE_DIRECTIONS)[number];

/**
 * One percentile band of a numeric indicator: an insurer in the national top `topPercent` % earns `points`. Bands are
 * listed best first with `topPercent` strictly increasing and `points` strictly decreasing, so the first band the
 * insurer reaches is the one it is paid for.
 */
export interface PercentileBand {
  /** Integer percent, 1 … 100, so the threshold can be computed in integers. */
  readonly topPercent: number;
  readonly points: number;
}

interface IndicatorBase {
  /** Unique within the whole framework; answers and national figures refer to it. */
  readonly id: string;
  /** Japanese wording of the indicator as published. */
  readonly label: string;
  /** Maximum points of the indicator. */
  readonly points: number;
  readonly note?: string;
}

/** A yes/no item: full points for yes, nothing for no. */
export interface YesNoIndicator extends IndicatorBase {
  readonly answerType: 'yes_no';
}

/** One option of a choice item (ア, イ, ウ …). */
export interface ChoiceOption {
  readonly id: string;
  readonly label: string;
  readonly points: number;
}

/**
 * A choice item. `single`: the insurer picks one option and earns its points (the best option is worth the
 * indicator's points). `multiple`: the insurer ticks every option it does and earns their sum, capped at the
 * indicator's points (published frameworks say e.g. "3 of the 5 items for full points").
 */
export interface ChoiceIndicator extends IndicatorBase {
  readonly answerType: 'choice';
  readonly selection: 'single' | 'multiple';
  readonly options: readonly ChoiceOption[];
}

/** An indicator scored by the state (国による数値評価) from every insurer's figure, by percentile bands. */
export interface NumericIndicator extends IndicatorBase {
  readonly answerType: 'numeric';
  readonly direction: ScoreDirection;
  /** Unit of the national figure, for display only (e.g. `%`, `日`). */
  readonly unit?: string;
  readonly bands: readonly PercentileBand[];
}

export type Indicator = YesNoIndicator | ChoiceIndicator | NumericIndicator;
export type AnswerType = Indicator['answerType'];

/** Indicators the insurer answers itself; their points follow from the answer alone. */
export type SelfAssessedIndicator = YesNoIndicator | ChoiceIndicator;

/** An indicator group (指標群) or, in older frameworks, a category; its indicators' points sum to `maxPoints`. */
export interface IndicatorGroup {
  /** Unique within its grant, e.g. `I-i`, `IV-outcome`, `II(3)`. */
  readonly id: string;
  readonly kind: GroupKind;
  readonly title: string;
  readonly maxPoints: number;
  readonly indicators: readonly Indicator[];
}

/** A goal (目標) of a grant. */
export interface Goal {
  readonly id: GoalId;
  readonly title: string;
  readonly groups: readonly IndicatorGroup[];
}

/** The part of the framework for one grant; its groups' maxima sum to `maxPoints`. */
export interface GrantFramework {
  readonly grant: GrantId;
  readonly title: string;
  readonly maxPoints: number;
  readonly goals: readonly Goal[];
}

/** A validated framework, as returned by `parseFramework`. */
export interface Framework {
  readonly frameworkVersion: typeof FRAMEWORK_FORMAT_VERSION;
  /** e.g. `FY2024` (令和6年度). */
  readonly fiscalYear: string;
  readonly level: FrameworkLevel;
  readonly note?: string;
  readonly grants: readonly GrantFramework[];
}

/** An indicator with the grant, goal and group it belongs to. */
export interface LocatedIndicator {
  readonly grant: GrantId;
  readonly goalId: GoalId;
  readonly groupId: string;
  readonly indicator: Indicator;
}

/** Every indicator of the framework, in framework order. */
export function frameworkIndicators(framework: Framework): LocatedIndicator[] {
  const located: LocatedIndicator[] = [];
  for (const grant of framework.grants) {
    for (const goal of grant.goals) {
      for (const group of goal.groups) {
        for (const indicator of group.indicators) {
          located.push({ grant: grant.grant, goalId: goal.id, groupId: group.id, indicator });
        }
      }
    }
  }
  return located;
}

/** True for the numeric indicators, whose points come from the national percentile step. */
export function isNumericIndicator(indicator: Indicator): indicator is NumericIndicator {
  return indicator.answerType === 'numeric';
}
