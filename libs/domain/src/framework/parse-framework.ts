import { fiscalYearNumber } from '../fiscal-year/fiscal-year';
import {
  ChoiceIndicator,
  ChoiceOption,
  FRAMEWORK_FORMAT_VERSION,
  FRAMEWORK_FORMAT_VERSIONS,
  FRAMEWORK_LEVELS,
  Framework,
  FrameworkLevel,
  GOAL_IDS,
  Goal,
  GoalId,
  GRANT_IDS,
  GrantFramework,
  GrantId,
  GROUP_KINDS,
  GroupKind,
  Indicator,
  IndicatorGroup,
  NumericIndicator,
  PercentileBand,
  SCORE_DIRECTIONS,
} from './framework';
import { FrameworkIssue, FrameworkIssueReason, InvalidFramework } from './framework.errors';
import { parseFrameworkV2 } from './parse-framework-v2';

/**
 * Grant maxima published for a level and fiscal year. A file for one of these years must match them, which catches a
 * mistyped group maximum that would still add up internally. Other years are only checked for internal consistency.
 */
export const PUBLISHED_GRANT_MAXIMA: Readonly<Record<string, Readonly<Record<GrantId, number>>>> = {
  // DOMAIN.md, Kuwana city FY2024: each grant has 400 points.
  'municipal:FY2024': { suishin: 400, shien: 400 },
  // DOMAIN.md and reference/municipal-framework-FY2024-2026.md §1: maxima identical in FY2024–FY2026.
  'municipal:FY2025': { suishin: 400, shien: 400 },
  'municipal:FY2026': { suishin: 400, shien: 400 },
  // reference/prefectural-framework-FY2025-2026.md §1: 800 = 推進 400 + 支援 400 in FY2025 and FY2026.
  'prefectural:FY2025': { suishin: 400, shien: 400 },
  'prefectural:FY2026': { suishin: 400, shien: 400 },
  // DOMAIN.md, FY2021 都道府県分: max 2,935 = 推進 1,955 + 支援 980.
  'prefectural:FY2021': { suishin: 1955, shien: 980 },
};

/** From FY2024 the municipal framework has goals I–III with groups (i) and (ii), and goal IV with the outcome group. */
export const FIRST_YEAR_OF_GOAL_GROUP_STRUCTURE = 2024;

/** Which answer types each group kind may hold: (i) is self-assessed, (ii) and outcome are national figures. */
const ANSWER_TYPES_BY_KIND: Readonly<Record<GroupKind, readonly string[]>> = {
  i: ['yes_no', 'choice'],
  ii: ['numeric'],
  outcome: ['numeric'],
  category: ['yes_no', 'choice', 'numeric'],
};

const ROOT_KEYS = ['frameworkVersion', 'fiscalYear', 'level', 'note', 'grants'] as const;
const GRANT_KEYS = ['grant', 'title', 'maxPoints', 'goals'] as const;
const GOAL_KEYS = ['id', 'title', 'groups'] as const;
const GROUP_KEYS = ['id', 'kind', 'title', 'maxPoints', 'indicators'] as const;
const INDICATOR_KEYS = ['id', 'label', 'points', 'answerType', 'note'] as const;
const KEYS_BY_ANSWER_TYPE: Readonly<Record<Indicator['answerType'], readonly string[]>> = {
  yes_no: INDICATOR_KEYS,
  choice: [...INDICATOR_KEYS, 'selection', 'options'],
  numeric: [...INDICATOR_KEYS, 'direction', 'unit', 'bands'],
};
const OPTION_KEYS = ['id', 'label', 'points'] as const;
const BAND_KEYS = ['topPercent', 'points'] as const;

/** Indicator and option ids: ASCII words joined by `-`, `_` or `.`, so they are safe in paths, URLs and event data. */
export const ID_PATTERN = /^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$/;
/** Group ids may also carry the published parenthesised numbers, e.g. `II(3)`. */
export const GROUP_ID_PATTERN = /^[A-Za-z0-9()]+(?:[-_.][A-Za-z0-9()]+)*$/;

export type JsonObject = Record<string, unknown>;

interface Context {
  readonly level: FrameworkLevel | undefined;
  readonly fiscalYear: number | undefined;
  /** First path of each indicator id, to point a duplicate at the original. */
  readonly indicatorIds: Map<string, string>;
}

/** Collects issues while walking the document; each check returns `undefined` when the value is unusable. */
export class Validator {
  readonly issues: FrameworkIssue[] = [];

  report(path: string, reason: FrameworkIssueReason, messageJa: string, messageEn: string): undefined {
    this.issues.push({ path, reason, messageJa, messageEn });
    return undefined;
  }

  object(value: unknown, path: string, allowedKeys?: readonly string[]): JsonObject | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return this.report(path, 'NOT_AN_OBJECT', 'オブジェクトではありません', 'must be an object');
    }
    const record = value as JsonObject;
    if (allowedKeys) this.onlyKeys(record, path, allowedKeys);
    return record;
  }

  onlyKeys(record: JsonObject, path: string, allowedKeys: readonly string[]): void {
    // Sorted so the issue list does not depend on the key order of the file.
    for (const key of Object.keys(record).sort()) {
      if (!allowedKeys.includes(key)) {
        this.report(
          `${path}.${key}`,
          'UNKNOWN_KEY',
          `未知の項目です（使用できる項目: ${allowedKeys.join(', ')}）`,
          `unknown key (allowed: ${allowedKeys.join(', ')})`,
        );
      }
    }
  }

  list(record: JsonObject, key: string, path: string): readonly unknown[] | undefined {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(record, key)) return this.missing(at);
    const value = record[key];
    if (!Array.isArray(value)) return this.report(at, 'NOT_A_LIST', '配列ではありません', 'must be a list');
    if (value.length === 0) return this.report(at, 'EMPTY_LIST', '空の配列です', 'must not be empty');
    return value;
  }

  text(record: JsonObject, key: string, path: string): string | undefined {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(record, key)) return this.missing(at);
    const value = record[key];
    if (typeof value !== 'string') return this.report(at, 'NOT_A_STRING', '文字列ではありません', 'must be a string');
    if (value.trim() === '') return this.report(at, 'EMPTY_STRING', '空の文字列です', 'must not be blank');
    return value;
  }

  optionalText(record: JsonObject, key: string, path: string): string | undefined {
    return Object.hasOwn(record, key) ? this.text(record, key, path) : undefined;
  }

  id(record: JsonObject, key: string, path: string, pattern = ID_PATTERN): string | undefined {
    const value = this.text(record, key, path);
    if (value === undefined) return undefined;
    if (!pattern.test(value)) {
      return this.report(
        `${path}.${key}`,
        'INVALID_ID',
        `IDは英数字と区切り記号（- _ .）のみ使用できます: ${JSON.stringify(value)}`,
        `ids are ASCII letters and digits joined by - _ or .: ${JSON.stringify(value)}`,
      );
    }
    return value;
  }

  positiveInteger(record: JsonObject, key: string, path: string): number | undefined {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(record, key)) return this.missing(at);
    const value = record[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      return this.report(at, 'NOT_A_POSITIVE_INTEGER', '正の整数ではありません', 'must be a positive integer');
    }
    return value;
  }

  nonNegativeInteger(record: JsonObject, key: string, path: string): number | undefined {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(record, key)) return this.missing(at);
    const value = record[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return this.report(at, 'NOT_A_NON_NEGATIVE_INTEGER', '0以上の整数ではありません', 'must be an integer ≥ 0');
    }
    return value;
  }

  oneOf<T extends string>(record: JsonObject, key: string, path: string, allowed: readonly T[]): T | undefined {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(record, key)) return this.missing(at);
    const value = record[key];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.report(
        at,
        'NOT_ALLOWED_VALUE',
        `${allowed.join('・')} のいずれかを指定してください`,
        `must be one of ${allowed.join(', ')}`,
      );
    }
    return value as T;
  }

  boolean(record: JsonObject, key: string, path: string): boolean | undefined {
    const at = `${path}.${key}`;
    if (!Object.hasOwn(record, key)) return this.missing(at);
    const value = record[key];
    if (typeof value !== 'boolean') return this.report(at, 'NOT_ALLOWED_VALUE', 'true または false を指定してください', 'must be true or false');
    return value;
  }

  /** An optional list of non-blank strings (sources, unknowns). */
  optionalTextList(record: JsonObject, key: string, path: string): string[] | undefined {
    if (!Object.hasOwn(record, key)) return undefined;
    const values = this.list(record, key, path);
    if (!values) return undefined;
    const texts = values.map((value, i) => this.text({ [i]: value }, String(i), `${path}.${key}`));
    return texts.every(defined) ? texts.filter(defined) : undefined;
  }

  missing(path: string): undefined {
    return this.report(path, 'MISSING', '必須項目がありません', 'is required');
  }
}

export const defined = <T>(value: T | undefined): value is T => value !== undefined;

/**
 * Reads and validates a framework file (JSON already parsed). It checks the shape (no unknown keys, types, ids), the
 * arithmetic (indicator points sum to the group maximum, group maxima to the grant maximum, published grant maxima),
 * the FY2024 municipal goal/group structure, which answer types each group kind may hold, choice options and the
 * monotonicity of percentile bands. Throws `InvalidFramework` (code `FRAMEWORK.INVALID`) listing every issue with its
 * JSON path; otherwise returns a fresh object that shares nothing with the input.
 */
export function parseFramework(json: unknown): Framework {
  const v = new Validator();
  const root = v.object(json, '$');
  if (!root) throw new InvalidFramework(v.issues);

  if (!Object.hasOwn(root, 'frameworkVersion')) {
    v.report('$.frameworkVersion', 'MISSING', '形式のバージョンがありません', 'is required');
    throw new InvalidFramework(v.issues);
  }
  if (root.frameworkVersion === 2) return parseFrameworkV2(v, root);
  if (root.frameworkVersion !== FRAMEWORK_FORMAT_VERSION) {
    // Stop here: a file in another format version may use the same keys with other meanings.
    const supported = FRAMEWORK_FORMAT_VERSIONS.join(', ');
    v.report(
      '$.frameworkVersion',
      'UNSUPPORTED_VERSION',
      `対応していない形式のバージョンです（対応: ${supported}）`,
      `unsupported format version (supported: ${supported})`,
    );
    throw new InvalidFramework(v.issues);
  }
  v.onlyKeys(root, '$', ROOT_KEYS);

  const fiscalYear = v.text(root, 'fiscalYear', '$');
  const year = fiscalYearNumber(fiscalYear);
  if (fiscalYear !== undefined && year === undefined) {
    v.report('$.fiscalYear', 'INVALID_FISCAL_YEAR', '年度は FY2024 の形式で指定してください', 'must look like FY2024');
  }
  const level = v.oneOf(root, 'level', '$', FRAMEWORK_LEVELS);
  const note = v.optionalText(root, 'note', '$');
  const context: Context = {
    level,
    fiscalYear: year,
    indicatorIds: new Map(),
  };

  const grantValues = v.list(root, 'grants', '$') ?? [];
  const grants = grantValues.map((value, i) => parseGrant(v, value, `$.grants[${i}]`, context));
  const seenGrants = new Map<GrantId, number>();
  grants.forEach((grant, i) => {
    if (!grant) return;
    const first = seenGrants.get(grant.grant);
    if (first !== undefined) {
      v.report(
        `$.grants[${i}].grant`,
        'DUPLICATE_ID',
        `交付金 ${grant.grant} が重複しています（$.grants[${first}]）`,
        `grant ${grant.grant} appears twice (first at $.grants[${first}])`,
      );
    } else {
      seenGrants.set(grant.grant, i);
    }
  });

  const published = level && fiscalYear ? PUBLISHED_GRANT_MAXIMA[`${level}:${fiscalYear}`] : undefined;
  if (published) {
    for (const grantId of GRANT_IDS) {
      const index = seenGrants.get(grantId);
      if (index === undefined) {
        v.report(
          '$.grants',
          'MISSING_GRANT',
          `${level} ${fiscalYear} には交付金 ${grantId} が必要です`,
          `${level} ${fiscalYear} needs grant ${grantId}`,
        );
        continue;
      }
      const maxPoints = grants[index]?.maxPoints;
      if (maxPoints !== undefined && maxPoints !== published[grantId]) {
        v.report(
          `$.grants[${index}].maxPoints`,
          'GRANT_MAXIMUM_NOT_AS_PUBLISHED',
          `${fiscalYear} の公表値は ${published[grantId]} 点です（指定値 ${maxPoints} 点）`,
          `the published maximum for ${fiscalYear} is ${published[grantId]} points, not ${maxPoints}`,
        );
      }
    }
  }

  if (v.issues.length > 0 || !fiscalYear || !level) throw new InvalidFramework(v.issues);
  return {
    frameworkVersion: FRAMEWORK_FORMAT_VERSION,
    fiscalYear,
    level,
    ...(note === undefined ? {} : { note }),
    grants: grants.filter(defined),
  };
}

function parseGrant(v: Validator, value: unknown, path: string, context: Context): GrantFramework | undefined {
  const record = v.object(value, path, GRANT_KEYS);
  if (!record) return undefined;
  const grant = v.oneOf(record, 'grant', path, GRANT_IDS);
  const title = v.text(record, 'title', path);
  const maxPoints = v.positiveInteger(record, 'maxPoints', path);
  const goalValues = v.list(record, 'goals', path) ?? [];
  const goals = goalValues.map((goal, i) => parseGoal(v, goal, `${path}.goals[${i}]`, context));

  const goalIds = new Map<GoalId, number>();
  const groupIds = new Map<string, string>();
  goals.forEach((goal, i) => {
    if (!goal) return;
    const first = goalIds.get(goal.id);
    if (first !== undefined) {
      v.report(
        `${path}.goals[${i}].id`,
        'DUPLICATE_ID',
        `目標 ${goal.id} が重複しています（${path}.goals[${first}]）`,
        `goal ${goal.id} appears twice (first at ${path}.goals[${first}])`,
      );
    } else {
      goalIds.set(goal.id, i);
    }
    goal.groups.forEach((group, j) => {
      const at = `${path}.goals[${i}].groups[${j}]`;
      const firstGroup = groupIds.get(group.id);
      if (firstGroup !== undefined) {
        v.report(
          `${at}.id`,
          'DUPLICATE_ID',
          `指標群 ${group.id} が重複しています（${firstGroup}）`,
          `group ${group.id} appears twice (first at ${firstGroup})`,
        );
      } else {
        groupIds.set(group.id, at);
      }
    });
  });

  const complete = goals.every(defined) && goalValues.length > 0;
  if (complete && context.level === 'municipal' && (context.fiscalYear ?? 0) >= FIRST_YEAR_OF_GOAL_GROUP_STRUCTURE) {
    checkGoalGroupStructure(v, goals.filter(defined), path);
  }
  if (complete && maxPoints !== undefined) {
    const groupMaxima = goals.filter(defined).flatMap((goal) => goal.groups.map((group) => group.maxPoints));
    const sum = groupMaxima.reduce((a, b) => a + b, 0);
    if (sum !== maxPoints) {
      v.report(
        `${path}.maxPoints`,
        'GRANT_POINTS_MISMATCH',
        `指標群の満点の合計（${sum}点）が交付金の満点（${maxPoints}点）と一致しません`,
        `group maxima sum to ${sum}, not to the grant maximum ${maxPoints}`,
      );
    }
  }

  if (!grant || !title || maxPoints === undefined || !complete) return undefined;
  return { grant, title, maxPoints, goals: goals.filter(defined) };
}

/** FY2024 municipal structure (DOMAIN.md): goals I–IV in order; I–III hold (i) then (ii), IV the outcome group. */
export function checkGoalGroupStructure(v: Validator, goals: readonly Goal[], path: string): void {
  const ids = goals.map((goal) => goal.id);
  if (ids.join(',') !== GOAL_IDS.join(',')) {
    v.report(
      `${path}.goals`,
      'GOAL_STRUCTURE',
      `市町村分（FY2024以降）の目標は I, II, III, IV の順に並べてください（指定: ${ids.join(', ')}）`,
      `municipal frameworks from FY2024 have goals I, II, III, IV in order (got ${ids.join(', ')})`,
    );
    return;
  }
  goals.forEach((goal, i) => {
    const expected: readonly GroupKind[] = goal.id === 'IV' ? ['outcome'] : ['i', 'ii'];
    const kinds = goal.groups.map((group) => group.kind);
    if (kinds.join(',') !== expected.join(',')) {
      v.report(
        `${path}.goals[${i}].groups`,
        'GOAL_STRUCTURE',
        `目標 ${goal.id} の指標群は ${expected.join(', ')} の順です（指定: ${kinds.join(', ')}）`,
        `goal ${goal.id} must hold groups of kind ${expected.join(', ')} in order (got ${kinds.join(', ')})`,
      );
    }
  });
}

function parseGoal(v: Validator, value: unknown, path: string, context: Context): Goal | undefined {
  const record = v.object(value, path, GOAL_KEYS);
  if (!record) return undefined;
  const id = v.oneOf(record, 'id', path, GOAL_IDS);
  const title = v.text(record, 'title', path);
  const groupValues = v.list(record, 'groups', path) ?? [];
  const groups = groupValues.map((group, i) => parseGroup(v, group, `${path}.groups[${i}]`, context));
  if (!id || !title || groupValues.length === 0 || !groups.every(defined)) return undefined;
  return { id, title, groups: groups.filter(defined) };
}

function parseGroup(v: Validator, value: unknown, path: string, context: Context): IndicatorGroup | undefined {
  const record = v.object(value, path, GROUP_KEYS);
  if (!record) return undefined;
  const id = v.id(record, 'id', path, GROUP_ID_PATTERN);
  const kind = v.oneOf(record, 'kind', path, GROUP_KINDS);
  const title = v.text(record, 'title', path);
  const maxPoints = v.positiveInteger(record, 'maxPoints', path);
  const indicatorValues = v.list(record, 'indicators', path) ?? [];
  const indicators = indicatorValues.map((indicator, i) =>
    parseIndicator(v, indicator, `${path}.indicators[${i}]`, kind, context),
  );
  const complete = indicatorValues.length > 0 && indicators.every(defined);
  if (complete && maxPoints !== undefined) {
    const sum = indicators.filter(defined).reduce((total, indicator) => total + indicator.points, 0);
    if (sum !== maxPoints) {
      v.report(
        `${path}.maxPoints`,
        'GROUP_POINTS_MISMATCH',
        `指標の配点の合計（${sum}点）が指標群の満点（${maxPoints}点）と一致しません`,
        `indicator points sum to ${sum}, not to the group maximum ${maxPoints}`,
      );
    }
  }
  if (!id || !kind || !title || maxPoints === undefined || !complete) return undefined;
  return { id, kind, title, maxPoints, indicators: indicators.filter(defined) };
}

function parseIndicator(
  v: Validator,
  value: unknown,
  path: string,
  groupKind: GroupKind | undefined,
  context: Context,
): Indicator | undefined {
  const record = v.object(value, path);
  if (!record) return undefined;
  const answerType = v.oneOf(record, 'answerType', path, ['yes_no', 'choice', 'numeric'] as const);
  if (answerType) v.onlyKeys(record, path, KEYS_BY_ANSWER_TYPE[answerType]);
  if (answerType && groupKind && !ANSWER_TYPES_BY_KIND[groupKind].includes(answerType)) {
    v.report(
      `${path}.answerType`,
      'ANSWER_TYPE_NOT_ALLOWED',
      `指標群（${groupKind}）には ${ANSWER_TYPES_BY_KIND[groupKind].join('・')} の指標のみ置けます`,
      `a group of kind ${groupKind} only holds ${ANSWER_TYPES_BY_KIND[groupKind].join(', ')} indicators`,
    );
  }

  const id = v.id(record, 'id', path);
  if (id !== undefined) {
    const first = context.indicatorIds.get(id);
    if (first !== undefined) {
      v.report(
        `${path}.id`,
        'DUPLICATE_ID',
        `指標ID ${id} が重複しています（${first}）`,
        `indicator id ${id} appears twice (first at ${first})`,
      );
    } else {
      context.indicatorIds.set(id, path);
    }
  }
  const label = v.text(record, 'label', path);
  const points = v.positiveInteger(record, 'points', path);
  const note = v.optionalText(record, 'note', path);
  if (!answerType) return undefined;

  let specific: Partial<Indicator> | undefined;
  if (answerType === 'yes_no') specific = { answerType };
  else if (answerType === 'choice') specific = parseChoice(v, record, path, points);
  else specific = parseNumeric(v, record, path, points);

  if (!id || !label || points === undefined || !specific) return undefined;
  return { id, label, points, ...(note === undefined ? {} : { note }), ...specific } as Indicator;
}

export function parseChoice(
  v: Validator,
  record: JsonObject,
  path: string,
  points: number | undefined,
): Pick<ChoiceIndicator, 'answerType' | 'selection' | 'options'> | undefined {
  const selection = v.oneOf(record, 'selection', path, ['single', 'multiple'] as const);
  const optionValues = v.list(record, 'options', path) ?? [];
  const optionIds = new Map<string, number>();
  const options = optionValues.map((value, i): ChoiceOption | undefined => {
    const at = `${path}.options[${i}]`;
    const option = v.object(value, at, OPTION_KEYS);
    if (!option) return undefined;
    const id = v.id(option, 'id', at);
    const label = v.text(option, 'label', at);
    const optionPoints = v.nonNegativeInteger(option, 'points', at);
    if (id !== undefined) {
      const first = optionIds.get(id);
      if (first !== undefined) {
        v.report(
          `${at}.id`,
          'DUPLICATE_ID',
          `選択肢ID ${id} が重複しています（${path}.options[${first}]）`,
          `option id ${id} appears twice (first at ${path}.options[${first}])`,
        );
      } else {
        optionIds.set(id, i);
      }
    }
    if (optionPoints !== undefined && points !== undefined && optionPoints > points) {
      v.report(
        `${at}.points`,
        'OPTION_EXCEEDS_INDICATOR',
        `選択肢の配点（${optionPoints}点）が指標の配点（${points}点）を超えています`,
        `option points ${optionPoints} exceed the indicator's ${points}`,
      );
    }
    if (!id || !label || optionPoints === undefined) return undefined;
    return { id, label, points: optionPoints };
  });
  if (!selection || optionValues.length === 0 || !options.every(defined)) return undefined;
  const valid = options.filter(defined);

  if (points !== undefined) {
    if (selection === 'single') {
      const best = Math.max(...valid.map((o) => o.points));
      if (best !== points) {
        v.report(
          `${path}.options`,
          'OPTION_POINTS_MISMATCH',
          `単一選択の最高点の選択肢（${best}点）は指標の配点（${points}点）と一致させてください`,
          `the best option of a single choice (${best}) must be worth the indicator's ${points} points`,
        );
      }
    } else {
      const sum = valid.reduce((total, o) => total + o.points, 0);
      if (sum < points) {
        v.report(
          `${path}.options`,
          'OPTION_POINTS_MISMATCH',
          `複数選択の全選択肢の合計（${sum}点）が指標の配点（${points}点）に届きません`,
          `all options of a multiple choice sum to ${sum}, so the indicator's ${points} points cannot be reached`,
        );
      }
    }
  }
  return { answerType: 'choice', selection, options: valid };
}

function parseNumeric(
  v: Validator,
  record: JsonObject,
  path: string,
  points: number | undefined,
): Pick<NumericIndicator, 'answerType' | 'direction' | 'unit' | 'bands'> | undefined {
  const direction = v.oneOf(record, 'direction', path, SCORE_DIRECTIONS);
  const unit = v.optionalText(record, 'unit', path);
  const bands = parseBandList(v, record, path, points);
  if (!direction || !bands) return undefined;
  return { answerType: 'numeric', direction, ...(unit === undefined ? {} : { unit }), bands };
}

/** Explicit percentile bands, best first (`record.bands`): topPercent increasing, points decreasing, best = `points`. */
export function parseBandList(
  v: Validator,
  record: JsonObject,
  path: string,
  points: number | undefined,
): PercentileBand[] | undefined {
  const bandValues = v.list(record, 'bands', path) ?? [];
  const bands = bandValues.map((value, i): PercentileBand | undefined => {
    const at = `${path}.bands[${i}]`;
    const band = v.object(value, at, BAND_KEYS);
    if (!band) return undefined;
    const topPercent = v.positiveInteger(band, 'topPercent', at);
    if (topPercent !== undefined && topPercent > 100) {
      v.report(
        `${at}.topPercent`,
        'NOT_ALLOWED_VALUE',
        '上位割合は1〜100の整数で指定してください',
        'topPercent must be an integer from 1 to 100',
      );
    }
    const bandPoints = v.positiveInteger(band, 'points', at);
    if (topPercent === undefined || topPercent > 100 || bandPoints === undefined) return undefined;
    return { topPercent, points: bandPoints };
  });
  if (bandValues.length === 0 || !bands.every(defined)) return undefined;
  const valid = bands.filter(defined);

  for (let i = 1; i < valid.length; i += 1) {
    if (valid[i].topPercent <= valid[i - 1].topPercent || valid[i].points >= valid[i - 1].points) {
      v.report(
        `${path}.bands[${i}]`,
        'BANDS_NOT_MONOTONE',
        '区分は上位割合の小さい順に並べ、配点は順に小さくしてください',
        'bands must list topPercent strictly increasing and points strictly decreasing',
      );
    }
  }
  if (points !== undefined && valid[0].points !== points) {
    v.report(
      `${path}.bands[0].points`,
      'BAND_POINTS_MISMATCH',
      `最上位の区分の配点（${valid[0].points}点）は指標の配点（${points}点）と一致させてください`,
      `the best band is worth ${valid[0].points} points, not the indicator's ${points}`,
    );
  }
  return valid;
}
