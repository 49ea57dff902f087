import { fiscalYearNumber } from '../fiscal-year/fiscal-year';
import {
  DerivedIndicator,
  ExtraFrame,
  Framework,
  FRAMEWORK_LEVELS,
  FrameworkLevel,
  GOAL_IDS,
  Goal,
  GoalId,
  GRANT_IDS,
  GrantFramework,
  GrantId,
  GroupIndicator,
  GROUP_KINDS,
  IndicatorGroup,
  NumericMeasure,
  PercentileBand,
  SCORE_DIRECTIONS,
  ScoreDirection,
} from './framework';
import {
  BAND_THRESHOLDS,
  DERIVED_SOURCE_LEVEL,
  DERIVED_SOURCES,
  EVALUATORS,
  FrameworkRules,
  MISSING_FIGURE_RULES,
  measureFigureKey,
  quartileBands,
  RANKING_BASES,
  RankingBase,
  V2_DEFAULT_RULES,
} from './framework-v2';
import { InvalidFramework } from './framework.errors';
import {
  checkGoalGroupStructure,
  defined,
  FIRST_YEAR_OF_GOAL_GROUP_STRUCTURE,
  GROUP_ID_PATTERN,
  JsonObject,
  parseBandList,
  parseChoice,
  PUBLISHED_GRANT_MAXIMA,
  Validator,
} from './parse-framework';

const ROOT_KEYS = ['frameworkVersion', 'fiscalYear', 'activityYear', 'level', 'title', 'note', 'sources', 'rules', 'sharedGroups', 'grants', 'extraFrames'];
const RULE_KEYS = ['bandThreshold', 'missingFigures', 'groupCap'];
const GRANT_KEYS = ['grant', 'title', 'maxPoints', 'goals'];
const GOAL_KEYS = ['id', 'title', 'groups', 'sharedGroup'];
const GROUP_KEYS = ['id', 'kind', 'title', 'maxPoints', 'indicators'];
const SHARED_GROUP_KEYS = [...GROUP_KEYS, 'countsIn'];
const EXTRA_FRAME_KEYS = ['id', 'grant', 'title', 'maxPoints', 'enabled', 'indicators'];
const INDICATOR_KEYS = ['id', 'number', 'label', 'points', 'answerType', 'evaluatedBy', 'note', 'unknown'];
const BANDED_KEYS = ['direction', 'unit', 'bands', 'base'];
const MEASURE_KEYS = ['id', 'label', 'points', ...BANDED_KEYS];

interface Context {
  readonly level: FrameworkLevel | undefined;
  readonly rules: FrameworkRules;
  /** First path of each indicator id and figure key, to point a duplicate at the original. */
  readonly ids: Map<string, string>;
}

/**
 * Reads a v2 framework file (framework-v2.schema.json) into the common `Framework` shape: shared groups stand in each
 * goal that names them (with `countsIn`), quartile bands are resolved, rules completed with the v2 defaults. Every
 * problem is collected with its JSON path before `InvalidFramework` is thrown.
 */
export function parseFrameworkV2(v: Validator, root: JsonObject): Framework {
  v.onlyKeys(root, '$', ROOT_KEYS);
  const fiscalYear = v.text(root, 'fiscalYear', '$');
  const year = fiscalYearNumber(fiscalYear);
  if (fiscalYear !== undefined && year === undefined) {
    v.report('$.fiscalYear', 'INVALID_FISCAL_YEAR', '年度は FY2026 の形式で指定してください', 'must look like FY2026');
  }
  const activityYear = v.text(root, 'activityYear', '$');
  if (activityYear !== undefined && year !== undefined && activityYear !== `FY${year - 1}`) {
    v.report(
      '$.activityYear',
      'INVALID_ACTIVITY_YEAR',
      `評価対象年度は交付年度の前年度（FY${year - 1}）です`,
      `the activity year is the year before the grant year (FY${year - 1})`,
    );
  }
  const level = v.oneOf(root, 'level', '$', FRAMEWORK_LEVELS);
  const title = v.text(root, 'title', '$');
  const note = v.optionalText(root, 'note', '$');
  const sources = v.optionalTextList(root, 'sources', '$');
  const rules = parseRules(v, root);
  const context: Context = { level, rules, ids: new Map() };

  const shared = parseSharedGroups(v, root, context);
  const grantValues = v.list(root, 'grants', '$') ?? [];
  const grants = grantValues.map((value, i) => parseGrant(v, value, `$.grants[${i}]`, context, shared, year));
  checkGrantList(v, grants, level, fiscalYear);
  checkSharedGroupUse(v, grants, shared);
  const extraFrames = parseExtraFrames(v, root, context);

  if (v.issues.length > 0 || !fiscalYear || !activityYear || !level || !title) throw new InvalidFramework(v.issues);
  return {
    frameworkVersion: 2,
    fiscalYear,
    activityYear,
    level,
    title,
    ...(note === undefined ? {} : { note }),
    ...(sources === undefined ? {} : { sources }),
    rules,
    grants: grants.filter(defined).map(({ grant }) => grant),
    ...(extraFrames === undefined ? {} : { extraFrames }),
  };
}

function parseRules(v: Validator, root: JsonObject): FrameworkRules {
  if (!Object.hasOwn(root, 'rules')) return V2_DEFAULT_RULES;
  const record = v.object(root.rules, '$.rules', RULE_KEYS);
  if (!record) return V2_DEFAULT_RULES;
  const has = (key: string) => Object.hasOwn(record, key);
  return {
    bandThreshold: (has('bandThreshold') && v.oneOf(record, 'bandThreshold', '$.rules', BAND_THRESHOLDS)) || V2_DEFAULT_RULES.bandThreshold,
    missingFigures: (has('missingFigures') && v.oneOf(record, 'missingFigures', '$.rules', MISSING_FIGURE_RULES)) || V2_DEFAULT_RULES.missingFigures,
    groupCap: has('groupCap') ? (v.boolean(record, 'groupCap', '$.rules') ?? V2_DEFAULT_RULES.groupCap) : V2_DEFAULT_RULES.groupCap,
  };
}

interface SharedGroupEntry {
  readonly group: IndicatorGroup | undefined;
  readonly path: string;
  readonly countsIn: readonly GrantId[];
  readonly usedIn: Set<GrantId>;
}

function parseSharedGroups(v: Validator, root: JsonObject, context: Context): Map<string, SharedGroupEntry> {
  const entries = new Map<string, SharedGroupEntry>();
  if (!Object.hasOwn(root, 'sharedGroups')) return entries;
  const values = v.list(root, 'sharedGroups', '$') ?? [];
  values.forEach((value, i) => {
    const path = `$.sharedGroups[${i}]`;
    const record = v.object(value, path, SHARED_GROUP_KEYS);
    if (!record) return;
    const countsInValues = v.list(record, 'countsIn', path) ?? [];
    const countsIn = countsInValues
      .map((grant, j) => v.oneOf({ [j]: grant }, String(j), `${path}.countsIn`, GRANT_IDS))
      .filter(defined);
    if (new Set(countsIn).size !== countsIn.length) {
      v.report(`${path}.countsIn`, 'DUPLICATE_ID', '交付金が重複しています', 'a grant is listed twice');
    }
    const group = parseGroup(v, record, path, context, countsIn.length === countsInValues.length ? countsIn : undefined);
    const id = typeof record.id === 'string' ? record.id : undefined;
    if (id === undefined) return;
    if (entries.has(id)) {
      v.report(`${path}.id`, 'DUPLICATE_ID', `共通指標群 ${id} が重複しています（${entries.get(id)?.path}）`, `shared group ${id} appears twice (first at ${entries.get(id)?.path})`);
      return;
    }
    entries.set(id, { group, path, countsIn, usedIn: new Set() });
  });
  return entries;
}

interface ParsedGrant {
  readonly grant: GrantFramework;
  readonly path: string;
}

function parseGrant(
  v: Validator,
  value: unknown,
  path: string,
  context: Context,
  shared: ReadonlyMap<string, SharedGroupEntry>,
  year: number | undefined,
): ParsedGrant | undefined {
  const record = v.object(value, path, GRANT_KEYS);
  if (!record) return undefined;
  const grant = v.oneOf(record, 'grant', path, GRANT_IDS);
  const title = v.text(record, 'title', path);
  const maxPoints = v.positiveInteger(record, 'maxPoints', path);
  const goalValues = v.list(record, 'goals', path) ?? [];
  const goals = goalValues.map((goal, i) => parseGoal(v, goal, `${path}.goals[${i}]`, context, shared, grant));

  const goalIds = new Map<GoalId, number>();
  const groupIds = new Map<string, string>();
  goals.forEach((goal, i) => {
    if (!goal) return;
    const first = goalIds.get(goal.id);
    if (first !== undefined) {
      v.report(`${path}.goals[${i}].id`, 'DUPLICATE_ID', `目標 ${goal.id} が重複しています（${path}.goals[${first}]）`, `goal ${goal.id} appears twice (first at ${path}.goals[${first}])`);
    } else {
      goalIds.set(goal.id, i);
    }
    goal.groups.forEach((group, j) => {
      const at = `${path}.goals[${i}].groups[${j}]`;
      const firstGroup = groupIds.get(group.id);
      if (firstGroup !== undefined) {
        v.report(`${at}.id`, 'DUPLICATE_ID', `指標群 ${group.id} が重複しています（${firstGroup}）`, `group ${group.id} appears twice (first at ${firstGroup})`);
      } else {
        groupIds.set(group.id, at);
      }
    });
  });

  const complete = goalValues.length > 0 && goals.every(defined);
  const valid = goals.filter(defined);
  if (complete && context.level === 'municipal' && (year ?? 0) >= FIRST_YEAR_OF_GOAL_GROUP_STRUCTURE) {
    checkGoalGroupStructure(v, valid, path);
  }
  if (complete && maxPoints !== undefined) {
    // A shared group counts in each grant it stands in.
    const sum = valid.flatMap((goal) => goal.groups).reduce((total, group) => total + group.maxPoints, 0);
    if (sum !== maxPoints) {
      v.report(
        `${path}.maxPoints`,
        'GRANT_POINTS_MISMATCH',
        `指標群の満点の合計（${sum}点、共通指標群を含む）が交付金の満点（${maxPoints}点）と一致しません`,
        `group maxima (shared groups included) sum to ${sum}, not to the grant maximum ${maxPoints}`,
      );
    }
  }
  if (!grant || !title || maxPoints === undefined || !complete) return undefined;
  return { grant: { grant, title, maxPoints, goals: valid }, path };
}

function parseGoal(
  v: Validator,
  value: unknown,
  path: string,
  context: Context,
  shared: ReadonlyMap<string, SharedGroupEntry>,
  grant: GrantId | undefined,
): Goal | undefined {
  const record = v.object(value, path, GOAL_KEYS);
  if (!record) return undefined;
  const id = v.oneOf(record, 'id', path, GOAL_IDS);
  const title = v.text(record, 'title', path);
  const hasGroups = Object.hasOwn(record, 'groups');
  const hasShared = Object.hasOwn(record, 'sharedGroup');
  if (hasGroups === hasShared) {
    v.report(
      path,
      'GOAL_GROUPS_OR_SHARED_GROUP',
      '目標には groups か sharedGroup のどちらか一方を指定してください',
      'a goal has either groups or sharedGroup, not both and not neither',
    );
    return undefined;
  }
  let groups: IndicatorGroup[] | undefined;
  if (hasShared) {
    const sharedId = v.text(record, 'sharedGroup', path);
    const entry = sharedId === undefined ? undefined : shared.get(sharedId);
    if (sharedId !== undefined && !entry) {
      v.report(`${path}.sharedGroup`, 'UNKNOWN_SHARED_GROUP', `共通指標群 ${sharedId} は sharedGroups にありません`, `no shared group ${sharedId} in sharedGroups`);
    }
    if (entry && grant) {
      entry.usedIn.add(grant);
      if (!entry.countsIn.includes(grant)) {
        v.report(
          `${path}.sharedGroup`,
          'SHARED_GROUP_GRANTS',
          `共通指標群 ${sharedId} の countsIn に交付金 ${grant} がありません`,
          `shared group ${sharedId} does not count in grant ${grant} (countsIn)`,
        );
      }
    }
    groups = entry?.group ? [entry.group] : undefined;
  } else {
    const groupValues = v.list(record, 'groups', path) ?? [];
    const parsed = groupValues.map((group, i) => {
      const at = `${path}.groups[${i}]`;
      const groupRecord = v.object(group, at, GROUP_KEYS);
      return groupRecord ? parseGroup(v, groupRecord, at, context, undefined) : undefined;
    });
    groups = groupValues.length > 0 && parsed.every(defined) ? parsed.filter(defined) : undefined;
  }
  if (!id || !title || !groups) return undefined;
  return { id, title, groups };
}

function parseGroup(
  v: Validator,
  record: JsonObject,
  path: string,
  context: Context,
  countsIn: readonly GrantId[] | undefined,
): IndicatorGroup | undefined {
  const id = v.id(record, 'id', path, GROUP_ID_PATTERN);
  const kind = v.oneOf(record, 'kind', path, GROUP_KINDS);
  const title = v.text(record, 'title', path);
  const maxPoints = v.positiveInteger(record, 'maxPoints', path);
  const indicators = parseIndicatorList(v, record, path, context);
  if (indicators && maxPoints !== undefined) checkItemSum(v, indicators, maxPoints, path, context.rules.groupCap, '指標群');
  if (!id || !kind || !title || maxPoints === undefined || !indicators) return undefined;
  return { id, kind, title, maxPoints, indicators, ...(countsIn ? { countsIn } : {}) };
}

/** v2: items sum to the maximum, or above it where the maximum caps (the group caps, `groupCap`). */
function checkItemSum(v: Validator, items: readonly GroupIndicator[], maxPoints: number, path: string, caps: boolean, what: string): void {
  const sum = items.reduce((total, item) => total + item.points, 0);
  if (caps ? sum < maxPoints : sum !== maxPoints) {
    v.report(
      `${path}.maxPoints`,
      'GROUP_POINTS_MISMATCH',
      caps
        ? `指標の配点の合計（${sum}点）が${what}の満点（${maxPoints}点）に届きません`
        : `指標の配点の合計（${sum}点）が${what}の満点（${maxPoints}点）と一致しません（groupCap: false）`,
      caps
        ? `indicator points sum to ${sum}, below the maximum ${maxPoints}, which could never be reached`
        : `indicator points sum to ${sum}, not to the maximum ${maxPoints} (groupCap is false)`,
    );
  }
}

function parseIndicatorList(v: Validator, record: JsonObject, path: string, context: Context): GroupIndicator[] | undefined {
  const values = v.list(record, 'indicators', path) ?? [];
  const indicators = values.map((value, i) => parseIndicator(v, value, `${path}.indicators[${i}]`, context));
  return values.length > 0 && indicators.every(defined) ? indicators.filter(defined) : undefined;
}

function claimId(v: Validator, context: Context, id: string, path: string, what: { ja: string; en: string }): void {
  const first = context.ids.get(id);
  if (first !== undefined) {
    v.report(path, 'DUPLICATE_ID', `${what.ja} ${id} が他の指標ID・数値キーと重複しています（${first}）`, `${what.en} ${id} is already used (first at ${first})`);
  } else {
    context.ids.set(id, path);
  }
}

function parseIndicator(v: Validator, value: unknown, path: string, context: Context): GroupIndicator | undefined {
  const record = v.object(value, path);
  if (!record) return undefined;
  const answerType = v.oneOf(record, 'answerType', path, ['yes_no', 'choice', 'numeric', 'derived'] as const);
  const combined = answerType === 'numeric' && (Object.hasOwn(record, 'combine') || Object.hasOwn(record, 'measures'));
  if (answerType) {
    const specific =
      answerType === 'choice' ? ['selection', 'options']
      : answerType === 'derived' ? ['source', 'bands']
      : answerType === 'numeric' ? (combined ? ['combine', 'measures'] : BANDED_KEYS)
      : [];
    v.onlyKeys(record, path, [...INDICATOR_KEYS, ...specific]);
  }
  const id = v.id(record, 'id', path);
  if (id !== undefined) claimId(v, context, id, `${path}.id`, { ja: '指標ID', en: 'indicator id' });
  const number = v.text(record, 'number', path);
  const label = v.text(record, 'label', path);
  const points = v.positiveInteger(record, 'points', path);
  const evaluatedBy = v.oneOf(record, 'evaluatedBy', path, EVALUATORS);
  const note = v.optionalText(record, 'note', path);
  const unknown = v.optionalTextList(record, 'unknown', path);
  if ((answerType === 'numeric' || answerType === 'derived') && evaluatedBy === 'insurer') {
    v.report(
      `${path}.evaluatedBy`,
      'EVALUATOR_NOT_ALLOWED',
      '数値評価・算定項目は国（mhlw）が評価します',
      'numeric and derived items are evaluated by mhlw',
    );
  }
  if (!answerType) return undefined;

  let specific: object | undefined;
  if (answerType === 'yes_no') specific = { answerType };
  else if (answerType === 'choice') specific = parseChoice(v, record, path, points);
  else if (answerType === 'derived') specific = parseDerived(v, record, path, points, context);
  else if (combined) specific = parseCombined(v, record, path, points, id, context);
  else specific = parseBanded(v, record, path, points);

  if (!id || !number || !label || points === undefined || !evaluatedBy || !specific) return undefined;
  return {
    id,
    number,
    label,
    points,
    evaluatedBy,
    ...(note === undefined ? {} : { note }),
    ...(unknown === undefined ? {} : { unknown }),
    ...specific,
  } as GroupIndicator;
}

interface Banded {
  readonly direction: ScoreDirection;
  readonly unit?: string;
  readonly bands: readonly PercentileBand[];
  readonly base?: RankingBase;
  readonly quartiles?: true;
}

/** `bands`: "quartiles" (points divisible by 4) or explicit bands, resolved. */
function parseBandSpec(v: Validator, record: JsonObject, path: string, points: number | undefined): Pick<Banded, 'bands' | 'quartiles'> | undefined {
  if (record.bands === 'quartiles') {
    if (points === undefined) return undefined;
    if (points % 4 !== 0) {
      v.report(
        `${path}.bands`,
        'QUARTILE_POINTS_NOT_DIVISIBLE',
        `4区分（各¼）の配点（${points}点）は4で割り切れる必要があります`,
        `quartile bands need points divisible by 4 (got ${points})`,
      );
      return undefined;
    }
    return { bands: quartileBands(points), quartiles: true };
  }
  if (typeof record.bands === 'string') {
    v.report(`${path}.bands`, 'NOT_ALLOWED_VALUE', '"quartiles" または区分の配列を指定してください', 'must be "quartiles" or a list of bands');
    return undefined;
  }
  const bands = parseBandList(v, record, path, points);
  return bands ? { bands } : undefined;
}

function parseBanded(v: Validator, record: JsonObject, path: string, points: number | undefined): ({ answerType: 'numeric' } & Banded) | undefined {
  const direction = v.oneOf(record, 'direction', path, SCORE_DIRECTIONS);
  const unit = v.optionalText(record, 'unit', path);
  const base = Object.hasOwn(record, 'base') ? v.oneOf(record, 'base', path, RANKING_BASES) : undefined;
  const spec = parseBandSpec(v, record, path, points);
  if (!direction || !spec || (Object.hasOwn(record, 'base') && !base)) return undefined;
  return {
    answerType: 'numeric',
    direction,
    ...(unit === undefined ? {} : { unit }),
    bands: spec.bands,
    ...(base === undefined ? {} : { base }),
    ...(spec.quartiles ? { quartiles: true as const } : {}),
  };
}

function parseCombined(
  v: Validator,
  record: JsonObject,
  path: string,
  points: number | undefined,
  indicatorId: string | undefined,
  context: Context,
): object | undefined {
  const combine = v.oneOf(record, 'combine', path, ['alt', 'add'] as const);
  const values = v.list(record, 'measures', path) ?? [];
  if (values.length === 1) {
    v.report(`${path}.measures`, 'EMPTY_LIST', '組み合わせには2つ以上の測定値が必要です', 'a combined item needs at least two measures');
  }
  const measureIds = new Map<string, number>();
  const measures = values.map((value, i): NumericMeasure | undefined => {
    const at = `${path}.measures[${i}]`;
    const measure = v.object(value, at, MEASURE_KEYS);
    if (!measure) return undefined;
    const id = v.id(measure, 'id', at);
    if (id !== undefined) {
      const first = measureIds.get(id);
      if (first !== undefined) {
        v.report(`${at}.id`, 'DUPLICATE_ID', `測定値ID ${id} が重複しています（${path}.measures[${first}]）`, `measure id ${id} appears twice (first at ${path}.measures[${first}])`);
      } else {
        measureIds.set(id, i);
        if (indicatorId !== undefined) claimId(v, context, measureFigureKey(indicatorId, id), `${at}.id`, { ja: '数値キー', en: 'figure key' });
      }
    }
    const label = v.text(measure, 'label', at);
    const measurePoints = v.positiveInteger(measure, 'points', at);
    const banded = parseBanded(v, measure, at, measurePoints);
    if (!id || !label || measurePoints === undefined || !banded) return undefined;
    const { answerType: _numeric, ...rule } = banded;
    return { id, label, points: measurePoints, ...rule };
  });
  if (!combine || values.length < 2 || !measures.every(defined)) return undefined;
  const valid = measures.filter(defined);
  if (points !== undefined) {
    const reach = combine === 'alt' ? Math.max(...valid.map((m) => m.points)) : valid.reduce((t, m) => t + m.points, 0);
    if (reach < points) {
      v.report(
        `${path}.measures`,
        'MEASURE_POINTS_MISMATCH',
        `測定値の配点（${combine === 'alt' ? '最大' : '合計'} ${reach}点）では指標の配点（${points}点）に届きません`,
        `the measures (${combine === 'alt' ? 'best' : 'sum'} ${reach}) cannot reach the indicator's ${points} points`,
      );
    }
  }
  return { answerType: 'numeric', combine, measures: valid };
}

function parseDerived(
  v: Validator,
  record: JsonObject,
  path: string,
  points: number | undefined,
  context: Context,
): Pick<DerivedIndicator, 'answerType' | 'source' | 'bands' | 'quartiles'> | undefined {
  const source = v.oneOf(record, 'source', path, DERIVED_SOURCES);
  if (!source) return undefined;
  const level = DERIVED_SOURCE_LEVEL[source];
  if (context.level !== undefined && context.level !== level) {
    v.report(
      `${path}.source`,
      'DERIVED_SOURCE_NOT_ALLOWED',
      `${source} は${level === 'municipal' ? '市町村' : '都道府県'}分の指標体系でのみ使えます`,
      `${source} belongs to a ${level} framework`,
    );
  }
  const banded = source !== 'noMarkedlyLowMunicipality';
  const hasBands = Object.hasOwn(record, 'bands');
  if (banded && !hasBands) {
    v.report(`${path}.bands`, 'BANDS_REQUIRED', `${source} には区分（bands）が必要です`, `${source} needs bands`);
    return undefined;
  }
  if (!banded) {
    if (hasBands) v.report(`${path}.bands`, 'BANDS_NOT_ALLOWED', `${source} は満点か0点で、区分はありません`, `${source} scores all or nothing and takes no bands`);
    return { answerType: 'derived', source };
  }
  const spec = parseBandSpec(v, record, path, points);
  if (!spec) return undefined;
  return { answerType: 'derived', source, bands: spec.bands, ...(spec.quartiles ? { quartiles: true as const } : {}) };
}

function checkGrantList(
  v: Validator,
  grants: readonly (ParsedGrant | undefined)[],
  level: FrameworkLevel | undefined,
  fiscalYear: string | undefined,
): void {
  const seen = new Map<GrantId, number>();
  grants.forEach((parsed, i) => {
    if (!parsed) return;
    const first = seen.get(parsed.grant.grant);
    if (first !== undefined) {
      v.report(`$.grants[${i}].grant`, 'DUPLICATE_ID', `交付金 ${parsed.grant.grant} が重複しています（$.grants[${first}]）`, `grant ${parsed.grant.grant} appears twice (first at $.grants[${first}])`);
    } else {
      seen.set(parsed.grant.grant, i);
    }
  });
  const published = level && fiscalYear ? PUBLISHED_GRANT_MAXIMA[`${level}:${fiscalYear}`] : undefined;
  if (!published) return;
  for (const grantId of GRANT_IDS) {
    const index = seen.get(grantId);
    if (index === undefined) {
      if (grants.every(defined)) v.report('$.grants', 'MISSING_GRANT', `${level} ${fiscalYear} には交付金 ${grantId} が必要です`, `${level} ${fiscalYear} needs grant ${grantId}`);
      continue;
    }
    const maxPoints = grants[index]?.grant.maxPoints;
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

/** Each shared group stands in exactly the grants it counts in. */
function checkSharedGroupUse(v: Validator, grants: readonly (ParsedGrant | undefined)[], shared: ReadonlyMap<string, SharedGroupEntry>): void {
  if (!grants.every(defined)) return;
  for (const [id, entry] of shared) {
    for (const grant of entry.countsIn) {
      if (!entry.usedIn.has(grant)) {
        v.report(
          `${entry.path}.countsIn`,
          'SHARED_GROUP_GRANTS',
          `共通指標群 ${id} は交付金 ${grant} の目標から参照されていません`,
          `shared group ${id} counts in ${grant}, but no goal of ${grant} names it`,
        );
      }
    }
  }
}

function parseExtraFrames(v: Validator, root: JsonObject, context: Context): ExtraFrame[] | undefined {
  if (!Object.hasOwn(root, 'extraFrames')) return undefined;
  const values = v.list(root, 'extraFrames', '$') ?? [];
  const ids = new Map<string, number>();
  const frames = values.map((value, i): ExtraFrame | undefined => {
    const path = `$.extraFrames[${i}]`;
    const record = v.object(value, path, EXTRA_FRAME_KEYS);
    if (!record) return undefined;
    const id = v.id(record, 'id', path, GROUP_ID_PATTERN);
    if (id !== undefined) {
      const first = ids.get(id);
      if (first !== undefined) v.report(`${path}.id`, 'DUPLICATE_ID', `枠 ${id} が重複しています`, `frame ${id} appears twice (first at $.extraFrames[${first}])`);
      else ids.set(id, i);
    }
    const grant = v.oneOf(record, 'grant', path, GRANT_IDS);
    const title = v.text(record, 'title', path);
    const maxPoints = v.positiveInteger(record, 'maxPoints', path);
    const enabled = v.boolean(record, 'enabled', path);
    const indicators = parseIndicatorList(v, record, path, context);
    if (indicators && maxPoints !== undefined) checkItemSum(v, indicators, maxPoints, path, context.rules.groupCap, '枠');
    if (!id || !grant || !title || maxPoints === undefined || enabled === undefined || !indicators) return undefined;
    return { id, grant, title, maxPoints, enabled, indicators };
  });
  return frames.every(defined) ? frames.filter(defined) : undefined;
}
