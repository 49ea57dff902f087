/**
 * The indicator framework (評価指標) of one fiscal year and one level: which grants, goals, indicator groups and
 * indicators exist, what each is worth, and how numeric indicators are turned into points. It is an input the national
 * administrator fixes when opening the fiscal year (DOMAIN.md, workflow step 1), so it is data, never code.
 */

import { FrameworkRules, LEGACY_RULES, measureFigureKey, RankingBase } from './framework-v2';

/** The first version of the JSON format, scored with the legacy rules (`LEGACY_RULES`). */
export const FRAMEWORK_FORMAT_VERSION = 1;
/** Versions read by `parseFramework` (v2: framework-v2.schema.json). A newer file is rejected, not half understood. */
export const FRAMEWORK_FORMAT_VERSIONS = [1, 2] as const;
export type FrameworkFormatVersion = (typeof FRAMEWORK_FORMAT_VERSIONS)[number];

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
  /** v2: the number as published, e.g. "1" or "2a". */
  readonly number?: string;
  /** v2: `insurer` answers it in the 該当状況調査票; `mhlw` evaluates it (網掛け, no answer). v1: insurer/numeric. */
  readonly evaluatedBy?: 'insurer' | 'mhlw';
  /** v2: what is not known about this item. */
  readonly unknown?: readonly string[];
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
  /** v2: `nonZero` ranks only non-zero figures (the others score 0); default `all`. */
  readonly base?: RankingBase;
  /** v2: the file said `"bands": "quartiles"`; `bands` holds them resolved (12 → 12/9/6/3 at 上位1/3/5/7割). */
  readonly quartiles?: true;
}

/** One banded measure of a combined item (v2); its national figures are recorded under `<indicatorId>.<measureId>`. */
export interface NumericMeasure {
  readonly id: string;
  readonly label: string;
  readonly points: number;
  readonly direction: ScoreDirection;
  readonly unit?: string;
  readonly bands: readonly PercentileBand[];
  readonly base?: RankingBase;
  readonly quartiles?: true;
}

/**
 * v2: two or more banded measures. `alt`: the better one counts (「より上位となった方で得点」); `add`: they are added.
 * The indicator's `points` caps the result.
 */
export interface CombinedNumericIndicator extends IndicatorBase {
  readonly answerType: 'numeric';
  readonly combine: 'alt' | 'add';
  readonly measures: readonly NumericMeasure[];
}

/**
 * v2: a second-pass item from the national result itself: `ownTotal` (municipal 今年度の評価得点), `municipalAverage`
 * and `noMarkedlyLowMunicipality` (prefectural, from the municipal result). No answer, no figure.
 */
export interface DerivedIndicator extends IndicatorBase {
  readonly answerType: 'derived';
  readonly source: 'ownTotal' | 'municipalAverage' | 'noMarkedlyLowMunicipality';
  /** Resolved bands; absent for `noMarkedlyLowMunicipality` (full points or nothing). */
  readonly bands?: readonly PercentileBand[];
  readonly quartiles?: true;
}

/** What an insurer answers or MHLW supplies a figure for (the view `frameworkIndicators` lists). */
export type Indicator = YesNoIndicator | ChoiceIndicator | NumericIndicator;
export type AnswerType = Indicator['answerType'];

/** Every kind of item a group holds. */
export type GroupIndicator = Indicator | CombinedNumericIndicator | DerivedIndicator;

/** Indicators the insurer answers itself; their points follow from the answer alone. */
export type SelfAssessedIndicator = YesNoIndicator | ChoiceIndicator;

/** An indicator group (指標群) or, in older frameworks, a category; its indicators' points sum to `maxPoints`. */
export interface IndicatorGroup {
  /** Unique within its grant, e.g. `I-i`, `IV-outcome`, `II(3)`. */
  readonly id: string;
  readonly kind: GroupKind;
  readonly title: string;
  readonly maxPoints: number;
  readonly indicators: readonly GroupIndicator[];
  /**
   * v2 shared group (goal IV): the grants it counts in. The same group stands in each of those grants' goals; it is
   * scored once and its score counts in each.
   */
  readonly countsIn?: readonly GrantId[];
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

/** v2: a frame outside the grants' maxima (FY2026 成果指向型配分枠); not scored unless `enabled`. */
export interface ExtraFrame {
  readonly id: string;
  readonly grant: GrantId;
  readonly title: string;
  readonly maxPoints: number;
  readonly enabled: boolean;
  readonly indicators: readonly GroupIndicator[];
}

/**
 * A validated framework, as returned by `parseFramework`. A v1 file is returned as it is; a v2 file is returned in
 * the same shape (grants → goals → groups), with its shared groups standing in each goal that names them, its
 * quartile bands resolved and its rules completed with the v2 defaults. Hash the parsed framework, not the file.
 */
export interface Framework {
  readonly frameworkVersion: FrameworkFormatVersion;
  /** e.g. `FY2024` (令和6年度), the grant year. */
  readonly fiscalYear: string;
  readonly level: FrameworkLevel;
  readonly note?: string;
  readonly grants: readonly GrantFramework[];
  /** v2: the year of activities evaluated (fiscalYear − 1). */
  readonly activityYear?: string;
  /** v2 */
  readonly title?: string;
  /** v2: where the numbers come from. */
  readonly sources?: readonly string[];
  /** v2: the year's scoring rules, complete. v1 frameworks are scored with `LEGACY_RULES`. */
  readonly rules?: FrameworkRules;
  /** v2 */
  readonly extraFrames?: readonly ExtraFrame[];
}

/** The rules a framework is scored with: a v2 file's own, the legacy rules for v1. */
export function frameworkRules(framework: Framework): FrameworkRules {
  return framework.frameworkVersion === 2 && framework.rules ? framework.rules : LEGACY_RULES;
}

/** An indicator with the grant, goal and group it belongs to. */
export interface LocatedIndicator {
  readonly grant: GrantId;
  readonly goalId: GoalId;
  readonly groupId: string;
  readonly indicator: Indicator;
}

/** An item of a group with where it stands; a shared group's items are listed once, under the first grant. */
export interface LocatedGroupIndicator {
  readonly grant: GrantId;
  readonly goalId: GoalId;
  readonly groupId: string;
  readonly indicator: GroupIndicator;
}

/** Every item of every group, in framework order; a shared group once (where it first stands). */
export function groupIndicators(framework: Framework): LocatedGroupIndicator[] {
  const located: LocatedGroupIndicator[] = [];
  const sharedSeen = new Set<string>();
  for (const grant of framework.grants) {
    for (const goal of grant.goals) {
      for (const group of goal.groups) {
        if (group.countsIn) {
          if (sharedSeen.has(group.id)) continue;
          sharedSeen.add(group.id);
        }
        for (const indicator of group.indicators) {
          located.push({ grant: grant.grant, goalId: goal.id, groupId: group.id, indicator });
        }
      }
    }
  }
  return located;
}

/**
 * What insurers answer and what MHLW supplies national figures for, in framework order. v1: every indicator. v2:
 * the items the insurer answers (`evaluatedBy: insurer`), each single banded measure, and each measure of a
 * combined item as its own numeric indicator with id `<indicatorId>.<measureId>` (where its figures are recorded);
 * derived items (second pass) and other MHLW-evaluated items are not listed: nobody answers them.
 */
export function frameworkIndicators(framework: Framework): LocatedIndicator[] {
  const located: LocatedIndicator[] = [];
  for (const { indicator, ...at } of groupIndicators(framework)) {
    for (const view of answerOrFigureView(indicator)) located.push({ ...at, indicator: view });
  }
  return located;
}

/** The answer or figure entries of one item (see `frameworkIndicators`). */
export function answerOrFigureView(indicator: GroupIndicator): Indicator[] {
  if (indicator.answerType === 'derived') return [];
  if (isCombinedNumeric(indicator)) {
    return indicator.measures.map((measure) => measureAsIndicator(indicator, measure));
  }
  if (indicator.answerType !== 'numeric' && indicator.evaluatedBy === 'mhlw') return [];
  return [indicator];
}

/** A measure of a combined item as the numeric indicator its figures are recorded under. */
export function measureAsIndicator(indicator: CombinedNumericIndicator, measure: NumericMeasure): NumericIndicator {
  return {
    id: measureFigureKey(indicator.id, measure.id),
    label: `${indicator.label}（${measure.label}）`,
    points: measure.points,
    answerType: 'numeric',
    direction: measure.direction,
    ...(measure.unit === undefined ? {} : { unit: measure.unit }),
    bands: measure.bands,
    ...(measure.base === undefined ? {} : { base: measure.base }),
    ...(indicator.evaluatedBy === undefined ? {} : { evaluatedBy: indicator.evaluatedBy }),
  };
}

export function isCombinedNumeric(indicator: GroupIndicator): indicator is CombinedNumericIndicator {
  return indicator.answerType === 'numeric' && Object.hasOwn(indicator, 'combine');
}

/** True for the single-measure numeric indicators, whose points come from the national percentile step. */
export function isNumericIndicator(indicator: GroupIndicator): indicator is NumericIndicator {
  return indicator.answerType === 'numeric' && !Object.hasOwn(indicator, 'combine');
}

