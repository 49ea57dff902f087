import { frameworkIndicators, frameworkRules, groupIndicators } from './framework';
import { InvalidFramework } from './framework.errors';
import { parseFramework } from './parse-framework';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const base = { number: '1', evaluatedBy: 'insurer' };
/** A small v2 municipal-like framework: one goal per grant plus a shared outcome group counted in both. */
export const smallV2 = (): Json => ({
  frameworkVersion: 2,
  // A year without published maxima or the FY2024 goal structure, so the small shape is accepted.
  fiscalYear: 'FY2023',
  activityYear: 'FY2022',
  level: 'municipal',
  title: 'テスト用 v2',
  sources: ['hand-made'],
  rules: { bandThreshold: 'floor', missingFigures: 'zero-in-n', groupCap: true },
  sharedGroups: [
    {
      id: 'IV-outcome', kind: 'outcome', title: '成果指標群', maxPoints: 20, countsIn: ['suishin', 'shien'],
      indicators: [
        { id: 'IV-1', ...base, evaluatedBy: 'mhlw', label: '短期', points: 20, answerType: 'numeric', combine: 'alt',
          measures: [
            { id: 'a', label: 'ア', direction: 'higherIsBetter', bands: 'quartiles', points: 20 },
            { id: 'b', label: 'イ', direction: 'higherIsBetter', bands: 'quartiles', points: 20 },
          ] },
      ],
    },
  ],
  grants: [
    { grant: 'suishin', title: '推進', maxPoints: 52,
      goals: [
        { id: 'I', title: '目標I', groups: [
          { id: 'I-i', kind: 'i', title: '体制', maxPoints: 8, indicators: [{ id: 's-yes', ...base, label: 'はい', points: 8, answerType: 'yes_no' }] },
          { id: 'I-ii', kind: 'ii', title: '活動', maxPoints: 24, indicators: [
            { id: 's-num', ...base, evaluatedBy: 'mhlw', label: '率', points: 12, answerType: 'numeric', direction: 'higherIsBetter', bands: 'quartiles' },
            { id: 's-own', ...base, evaluatedBy: 'mhlw', label: '今年度の評価得点', points: 12, answerType: 'derived', source: 'ownTotal', bands: 'quartiles' },
          ] },
        ] },
        { id: 'IV', title: '目標IV', sharedGroup: 'IV-outcome' },
      ] },
    { grant: 'shien', title: '支援', maxPoints: 28,
      goals: [
        { id: 'I', title: '目標I', groups: [
          { id: 'I-ii', kind: 'ii', title: '活動', maxPoints: 8, indicators: [
            { id: 'h-add', ...base, evaluatedBy: 'mhlw', label: '入退院', points: 8, answerType: 'numeric', combine: 'add',
              measures: [
                { id: 'a', label: 'ア', direction: 'higherIsBetter', bands: 'quartiles', points: 4 },
                { id: 'b', label: 'イ', direction: 'lowerIsBetter', bands: 'quartiles', points: 4, base: 'nonZero' },
              ] },
          ] },
        ] },
        { id: 'IV', title: '目標IV', sharedGroup: 'IV-outcome' },
      ] },
  ],
  extraFrames: [
    { id: 'outcome-oriented', grant: 'suishin', title: '成果指向型配分枠', maxPoints: 100, enabled: false,
      indicators: [{ id: 'x-1', ...base, label: '成果指向型', points: 100, answerType: 'yes_no' }] },
  ],
});

const issuesOf = (doc: unknown) => {
  try {
    parseFramework(doc);
  } catch (error) {
    if (error instanceof InvalidFramework) return error.issues.map(({ path, reason }) => ({ path, reason }));
    throw error;
  }
  return [];
};

describe('parseFramework, format v2', () => {
  it('reads a v2 file: shared group in both grants, quartiles resolved, rules complete', () => {
    const framework = parseFramework(smallV2());
    expect(framework.frameworkVersion).toBe(2);
    expect(frameworkRules(framework)).toEqual({ bandThreshold: 'floor', missingFigures: 'zero-in-n', groupCap: true });
    const iv = framework.grants.map((g) => g.goals[1].groups[0]);
    expect(iv.map((g) => [g.id, g.countsIn])).toEqual([['IV-outcome', ['suishin', 'shien']], ['IV-outcome', ['suishin', 'shien']]]);
    // 12 points in quartiles: 上位1割 12, 3割 9, 5割 6, 7割 3.
    const num = groupIndicators(framework).find((l) => l.indicator.id === 's-num')!.indicator;
    expect(num).toMatchObject({ bands: [{ topPercent: 10, points: 12 }, { topPercent: 30, points: 9 }, { topPercent: 50, points: 6 }, { topPercent: 70, points: 3 }], quartiles: true });
    // The answer/figure view: the yes/no item, the single measure, each measure of a combined item under its key;
    // the shared group once; no derived item; the disabled extra frame not at all.
    expect(frameworkIndicators(framework).map((l) => l.indicator.id)).toEqual(['s-yes', 's-num', 'IV-1.a', 'IV-1.b', 'h-add.a', 'h-add.b']);
  });

  it('defaults the rules of a file that leaves them out', () => {
    const { rules: _r, ...doc } = smallV2();
    expect(frameworkRules(parseFramework(doc))).toEqual({ bandThreshold: 'floor', missingFigures: 'zero-in-n', groupCap: true });
  });

  it('lets a group exceed its maximum only where groups cap', () => {
    const doc = smallV2();
    doc.grants[0].goals[0].groups[0].indicators[0].points = 10; // 10 > 8
    expect(issuesOf(doc)).toEqual([]);
    doc.rules.groupCap = false;
    expect(issuesOf(doc)).toEqual([{ path: '$.grants[0].goals[0].groups[0].maxPoints', reason: 'GROUP_POINTS_MISMATCH' }]);
  });

  it('names every problem at once, with its JSON path', () => {
    const doc = smallV2();
    doc.activityYear = 'FY2021';
    doc.rules.bandThreshold = 'round';
    doc.sharedGroups[0].countsIn = ['suishin'];
    doc.grants[0].maxPoints = 60;
    doc.grants[0].goals[0].groups[1].indicators[0].points = 10; // quartiles of 10
    doc.grants[0].goals[0].groups[1].indicators[1].source = 'municipalAverage';
    doc.grants[1].goals[0].groups[0].indicators[0].measures[1].id = 'a';
    doc.grants[1].goals[0].groups[0].indicators[0].evaluatedBy = 'insurer';
    doc.extraFrames[0].enabled = 'no';
    expect(issuesOf(doc)).toEqual([
      { path: '$.activityYear', reason: 'INVALID_ACTIVITY_YEAR' },
      { path: '$.rules.bandThreshold', reason: 'NOT_ALLOWED_VALUE' },
      { path: '$.grants[0].goals[0].groups[1].indicators[0].bands', reason: 'QUARTILE_POINTS_NOT_DIVISIBLE' },
      { path: '$.grants[0].goals[0].groups[1].indicators[1].source', reason: 'DERIVED_SOURCE_NOT_ALLOWED' },
      { path: '$.grants[1].goals[0].groups[0].indicators[0].evaluatedBy', reason: 'EVALUATOR_NOT_ALLOWED' },
      { path: '$.grants[1].goals[0].groups[0].indicators[0].measures[1].id', reason: 'DUPLICATE_ID' },
      { path: '$.grants[1].goals[1].sharedGroup', reason: 'SHARED_GROUP_GRANTS' },
      { path: '$.extraFrames[0].enabled', reason: 'NOT_ALLOWED_VALUE' },
    ]);
    try {
      parseFramework(doc);
    } catch (error) {
      expect((error as InvalidFramework).messageJa).toContain('8件');
      expect((error as InvalidFramework).messageEn).toContain('8 issues');
    }
  });

  it('counts a shared group in each grant it counts in', () => {
    const doc = smallV2();
    doc.grants[1].maxPoints = 8; // without IV's 20
    expect(issuesOf(doc)).toEqual([{ path: '$.grants[1].maxPoints', reason: 'GRANT_POINTS_MISMATCH' }]);
  });

  it('rejects unknown shared groups, goals with both or neither, figure keys that clash with ids', () => {
    const doc = smallV2();
    doc.grants[0].goals[1].sharedGroup = 'IV-other';
    doc.grants[1].goals[0].groups[0].indicators[0].measures[0].id = 'x';
    doc.grants[0].goals[0].groups[0].indicators[0].id = 'h-add.x';
    doc.grants[1].goals[1].groups = [];
    expect(issuesOf(doc)).toEqual([
      { path: '$.grants[0].goals[1].sharedGroup', reason: 'UNKNOWN_SHARED_GROUP' },
      { path: '$.grants[1].goals[0].groups[0].indicators[0].measures[0].id', reason: 'DUPLICATE_ID' },
      // An incomplete grant is not checked further (no follow-on issue about the shared group's use).
      { path: '$.grants[1].goals[1]', reason: 'GOAL_GROUPS_OR_SHARED_GROUP' },
    ]);
  });

  it('checks the published FY2026 maxima (400 per grant)', () => {
    const doc: Json = { ...smallV2(), fiscalYear: 'FY2026', activityYear: 'FY2025', level: 'prefectural' };
    doc.grants[0].goals[0].groups[1].indicators[1] = { ...doc.grants[0].goals[0].groups[1].indicators[1], source: 'municipalAverage' };
    expect(issuesOf(doc)).toEqual([
      { path: '$.grants[0].maxPoints', reason: 'GRANT_MAXIMUM_NOT_AS_PUBLISHED' },
      { path: '$.grants[1].maxPoints', reason: 'GRANT_MAXIMUM_NOT_AS_PUBLISHED' },
    ]);
  });
});
