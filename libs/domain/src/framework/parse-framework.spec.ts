import fy2024Municipal from './fy2024-municipal.json';
import { FrameworkIssueReason, InvalidFramework } from './framework.errors';
import { parseFramework } from './parse-framework';

/** A small framework of a year without published maxima, so only internal consistency applies. */
const minimal = () => ({
  frameworkVersion: 1,
  fiscalYear: 'FY2030',
  level: 'prefectural',
  grants: [
    {
      grant: 'suishin',
      title: '保険者機能強化推進交付金',
      maxPoints: 30,
      goals: [
        {
          id: 'I',
          title: '目標I',
          groups: [
            {
              id: 'I',
              kind: 'category',
              title: '評価項目I',
              maxPoints: 30,
              indicators: [
                { id: 'a-1', label: '計画を策定している', points: 10, answerType: 'yes_no' },
                {
                  id: 'a-2',
                  label: '研修を実施している',
                  points: 10,
                  answerType: 'choice',
                  selection: 'single',
                  options: [
                    { id: 'x', label: '全て', points: 10 },
                    { id: 'y', label: '一部', points: 4 },
                  ],
                },
                {
                  id: 'a-3',
                  label: '参加率',
                  points: 10,
                  answerType: 'numeric',
                  direction: 'higherIsBetter',
                  bands: [
                    { topPercent: 10, points: 10 },
                    { topPercent: 50, points: 5 },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
});

type Doc = ReturnType<typeof minimal>;
type Municipal = typeof fy2024Municipal;

function issuesOf(json: unknown): readonly { path: string; reason: FrameworkIssueReason }[] {
  try {
    parseFramework(json);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFramework);
    return (error as InvalidFramework).issues.map(({ path, reason }) => ({ path, reason }));
  }
  throw new Error('expected parseFramework to reject the document');
}

const rejects = (edit: (doc: Doc) => void, path: string, reason: FrameworkIssueReason) => {
  const doc = minimal();
  edit(doc);
  expect(issuesOf(doc)).toContainEqual({ path, reason });
};

const rejectsMunicipal = (edit: (doc: Municipal) => void, path: string, reason: FrameworkIssueReason) => {
  const doc = structuredClone(fy2024Municipal);
  edit(doc);
  expect(issuesOf(doc)).toContainEqual({ path, reason });
};

const indicators = (doc: Doc) => doc.grants[0].goals[0].groups[0].indicators as Record<string, unknown>[];
const GROUP = '$.grants[0].goals[0].groups[0]';

describe('parseFramework', () => {
  it('reads a valid document into a fresh framework that shares nothing with the input', () => {
    const doc = minimal();
    const framework = parseFramework(doc);
    expect(framework.fiscalYear).toBe('FY2030');
    expect(framework.grants[0].goals[0].groups[0].indicators.map((i) => i.id)).toEqual(['a-1', 'a-2', 'a-3']);
    expect(framework).toEqual(doc);
    indicators(doc)[0].points = 99;
    expect(framework.grants[0].goals[0].groups[0].indicators[0].points).toBe(10);
  });

  it('rejects with the stable code FRAMEWORK.INVALID and a bilingual message naming the path', () => {
    const doc = minimal();
    doc.grants[0].goals[0].groups[0].maxPoints = 31;
    expect(() => parseFramework(doc)).toThrow(
      expect.objectContaining({
        code: 'FRAMEWORK.INVALID',
        path: `${GROUP}.maxPoints`,
        messageJa: expect.stringContaining('指標の配点の合計（30点）'),
        messageEn: expect.stringContaining('indicator points sum to 30, not to the group maximum 31'),
      }),
    );
  });

  it('reports every issue in one pass, in document order', () => {
    const doc = minimal();
    doc.level = 'national';
    indicators(doc)[0].label = '';
    indicators(doc)[2].direction = 'up';
    expect(issuesOf(doc)).toEqual([
      { path: '$.level', reason: 'NOT_ALLOWED_VALUE' },
      { path: `${GROUP}.indicators[0].label`, reason: 'EMPTY_STRING' },
      { path: `${GROUP}.indicators[2].direction`, reason: 'NOT_ALLOWED_VALUE' },
    ]);
  });

  describe('shape', () => {
    it('rejects a non-object document', () => {
      expect(issuesOf([])).toEqual([{ path: '$', reason: 'NOT_AN_OBJECT' }]);
      expect(issuesOf(null)).toEqual([{ path: '$', reason: 'NOT_AN_OBJECT' }]);
    });

    it('rejects a missing or unknown format version and stops there', () => {
      const { frameworkVersion: _v, ...withoutVersion } = minimal();
      expect(issuesOf(withoutVersion)).toEqual([{ path: '$.frameworkVersion', reason: 'MISSING' }]);
      expect(issuesOf({ ...minimal(), frameworkVersion: 3, grants: 'whatever' })).toEqual([
        { path: '$.frameworkVersion', reason: 'UNSUPPORTED_VERSION' },
      ]);
    });

    it('rejects a fiscal year that is not FYyyyy', () =>
      rejects((d) => (d.fiscalYear = '2024'), '$.fiscalYear', 'INVALID_FISCAL_YEAR'));

    it('rejects unknown keys, such as a typo of maxPoints', () =>
      rejects(
        (d) => Object.assign(d.grants[0].goals[0].groups[0], { maxPoint: 30 }),
        `${GROUP}.maxPoint`,
        'UNKNOWN_KEY',
      ));

    it('rejects keys of another answer type (bands on a yes/no item)', () =>
      rejects((d) => (indicators(d)[0].bands = []), `${GROUP}.indicators[0].bands`, 'UNKNOWN_KEY'));

    it('rejects an empty grant list and missing goals', () => {
      rejects((d) => (d.grants = []), '$.grants', 'EMPTY_LIST');
      rejects((d) => delete (d.grants[0] as Partial<Doc['grants'][0]>).goals, '$.grants[0].goals', 'MISSING');
    });

    it('rejects points that are not positive integers', () => {
      rejects((d) => (indicators(d)[0].points = 0), `${GROUP}.indicators[0].points`, 'NOT_A_POSITIVE_INTEGER');
      rejects((d) => (indicators(d)[0].points = 2.5), `${GROUP}.indicators[0].points`, 'NOT_A_POSITIVE_INTEGER');
      rejects((d) => (indicators(d)[0].points = '10'), `${GROUP}.indicators[0].points`, 'NOT_A_POSITIVE_INTEGER');
    });

    it('rejects ids that are not ASCII words', () =>
      rejects((d) => (indicators(d)[0].id = '指標1'), `${GROUP}.indicators[0].id`, 'INVALID_ID'));
  });

  describe('ids', () => {
    it('rejects an indicator id used twice anywhere in the framework', () => {
      const doc = minimal();
      indicators(doc)[1].id = 'a-1';
      expect(issuesOf(doc)).toEqual([{ path: `${GROUP}.indicators[1].id`, reason: 'DUPLICATE_ID' }]);
    });

    it('rejects a grant, goal, group or option given twice', () => {
      rejects((d) => d.grants.push(structuredClone(d.grants[0])), '$.grants[1].grant', 'DUPLICATE_ID');
      rejects(
        (d) => d.grants[0].goals[0].groups.push(structuredClone(d.grants[0].goals[0].groups[0])),
        '$.grants[0].goals[0].groups[1].id',
        'DUPLICATE_ID',
      );
      rejects(
        (d) => d.grants[0].goals.push(structuredClone(d.grants[0].goals[0])),
        '$.grants[0].goals[1].id',
        'DUPLICATE_ID',
      );
      rejects(
        (d) => ((indicators(d)[1].options as { id: string }[])[1].id = 'x'),
        `${GROUP}.indicators[1].options[1].id`,
        'DUPLICATE_ID',
      );
    });
  });

  describe('points', () => {
    it('requires indicator points to sum to the group maximum', () =>
      rejects((d) => (d.grants[0].goals[0].groups[0].maxPoints = 29), `${GROUP}.maxPoints`, 'GROUP_POINTS_MISMATCH'));

    it('requires group maxima to sum to the grant maximum', () =>
      rejects((d) => (d.grants[0].maxPoints = 40), '$.grants[0].maxPoints', 'GRANT_POINTS_MISMATCH'));

    it('requires the best single-choice option to be worth the indicator', () =>
      rejects(
        (d) => ((indicators(d)[1].options as { points: number }[])[0].points = 8),
        `${GROUP}.indicators[1].options`,
        'OPTION_POINTS_MISMATCH',
      ));

    it('rejects an option worth more than its indicator', () =>
      rejects(
        (d) => ((indicators(d)[1].options as { points: number }[])[1].points = 11),
        `${GROUP}.indicators[1].options[1].points`,
        'OPTION_EXCEEDS_INDICATOR',
      ));

    it('requires the options of a multiple choice to be able to reach full points', () =>
      rejects(
        (d) => {
          indicators(d)[1].selection = 'multiple';
          (indicators(d)[1].options as { points: number }[])[0].points = 5;
        },
        `${GROUP}.indicators[1].options`,
        'OPTION_POINTS_MISMATCH',
      ));
  });

  describe('percentile bands', () => {
    const bands = (d: Doc) => indicators(d)[2].bands as { topPercent: number; points: number }[];

    it('requires topPercent to increase and points to decrease', () => {
      rejects((d) => (bands(d)[1].topPercent = 10), `${GROUP}.indicators[2].bands[1]`, 'BANDS_NOT_MONOTONE');
      rejects((d) => (bands(d)[1].points = 10), `${GROUP}.indicators[2].bands[1]`, 'BANDS_NOT_MONOTONE');
    });

    it('requires the best band to be worth the indicator', () =>
      rejects((d) => (bands(d)[0].points = 9), `${GROUP}.indicators[2].bands[0].points`, 'BAND_POINTS_MISMATCH'));

    it('requires topPercent to be an integer from 1 to 100', () => {
      rejects((d) => (bands(d)[1].topPercent = 101), `${GROUP}.indicators[2].bands[1].topPercent`, 'NOT_ALLOWED_VALUE');
      rejects(
        (d) => (bands(d)[0].topPercent = 12.5),
        `${GROUP}.indicators[2].bands[0].topPercent`,
        'NOT_A_POSITIVE_INTEGER',
      );
    });

    it('requires at least one band', () =>
      rejects((d) => (indicators(d)[2].bands = []), `${GROUP}.indicators[2].bands`, 'EMPTY_LIST'));
  });

  describe('the FY2024 municipal rules', () => {
    it('accepts the shipped file', () => expect(() => parseFramework(fy2024Municipal)).not.toThrow());

    it('requires 400 points per grant, even when the groups add up', () =>
      rejectsMunicipal(
        (d) => {
          d.grants[0].maxPoints = 401;
          d.grants[0].goals[3].groups[0].maxPoints = 101;
          type Outcome = { points: number; bands: { points: number }[] };
          const outcome = d.grants[0].goals[3].groups[0].indicators[0] as Outcome;
          outcome.points = 26;
          outcome.bands[0].points = 26;
        },
        '$.grants[0].maxPoints',
        'GRANT_MAXIMUM_NOT_AS_PUBLISHED',
      ));

    it('requires both grants', () =>
      rejectsMunicipal((d) => d.grants.splice(1, 1), '$.grants', 'MISSING_GRANT'));

    it('requires goals I–IV in order', () =>
      rejectsMunicipal((d) => d.grants[0].goals.reverse(), '$.grants[0].goals', 'GOAL_STRUCTURE'));

    it('requires groups (i) then (ii) in goals I–III', () =>
      rejectsMunicipal(
        (d) => d.grants[1].goals[1].groups.reverse(),
        '$.grants[1].goals[1].groups',
        'GOAL_STRUCTURE',
      ));

    it('keeps group (i) self-assessed and group (ii) numeric', () => {
      rejectsMunicipal(
        (d) => Object.assign(d.grants[0].goals[0].groups[0].indicators[0], { answerType: 'numeric' }),
        '$.grants[0].goals[0].groups[0].indicators[0].answerType',
        'ANSWER_TYPE_NOT_ALLOWED',
      );
      rejectsMunicipal(
        (d) => {
          const indicator = d.grants[0].goals[0].groups[1].indicators[0] as Record<string, unknown>;
          indicator.answerType = 'yes_no';
          delete indicator.direction;
          delete indicator.unit;
          delete indicator.bands;
        },
        '$.grants[0].goals[0].groups[1].indicators[0].answerType',
        'ANSWER_TYPE_NOT_ALLOWED',
      );
    });
  });
});
