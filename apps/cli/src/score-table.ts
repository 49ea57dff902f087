import {
  compareCodes,
  CsvCell,
  Framework,
  frameworkRules,
  GRANT_TITLES,
  GrantId,
  NationalFigure,
  NationalInsurerScore,
  NationalScore,
  numericIndicators,
  PREFECTURES,
  Rank,
  scoreNation,
} from '@grants/domain';
import { ScoreInputs } from './score-inputs';

/**
 * `score`'s result: the national step run with the same pure code and the same inputs the service gives it when a
 * year moves to 'scored' (scoreFiscalYear): registered insurers sorted by code with their answers (none: {}), the
 * rows of 広域連合 left out (their members are scored one by one) together with any figures recorded for them, then
 * the 47 prefectures, whose derived items read the municipal result. Shown as one table per recipient.
 */

export interface ScoreResult {
  readonly inputs: ScoreInputs;
  readonly municipal: NationalScore;
  readonly prefectural?: NationalScore;
}

export function scoreFromFiles(inputs: ScoreInputs): ScoreResult {
  const unions = new Set(inputs.register.filter((insurer) => insurer.isUnion === true).map((insurer) => insurer.code));
  const insurers = inputs.register
    .filter((insurer) => !unions.has(insurer.code))
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((insurer) => ({ code: insurer.code, prefectureCode: insurer.prefectureCode, answers: inputs.answers.get(insurer.code) ?? {} }));
  const figuresOf = (framework: Framework, byId: ReadonlyMap<string, readonly NationalFigure[]>) =>
    Object.fromEntries(numericIndicators(framework).map((i) => [i.id, (byId.get(i.id) ?? []).filter((f) => !unions.has(f.code))]));
  const { municipalFramework, prefecturalFramework } = inputs;
  const municipal = scoreNation(municipalFramework, { insurers, figures: figuresOf(municipalFramework, inputs.municipalFigures) });
  if (!prefecturalFramework) return { inputs, municipal };
  const prefectures = PREFECTURES.map((p) => ({ code: p.code, prefectureCode: p.code, answers: inputs.prefectureAnswers.get(p.code) ?? {} }));
  const prefectural = scoreNation(prefecturalFramework, { insurers: prefectures, figures: figuresOf(prefecturalFramework, inputs.prefecturalFigures), municipal });
  return { inputs, municipal, prefectural };
}

const GRANT_SHORT: Readonly<Record<GrantId, string>> = { suishin: '推進', shien: '支援' };

const rankOf = (rank: Rank) => ({ rank: rank.competition, outOf: rank.outOf });

interface Recipient {
  readonly level: '市町村' | '広域連合' | '都道府県';
  readonly code: string;
  readonly name: string;
  readonly prefectureCode: string;
  readonly unionCode?: string;
  readonly score?: NationalInsurerScore;
}

function recipients(result: ScoreResult): { municipal: Recipient[]; prefectural: Recipient[] } {
  const byCode = new Map(result.municipal.insurers.map((insurer) => [insurer.code, insurer]));
  const municipal = [...result.inputs.register]
    .sort((a, b) => compareCodes(a.code, b.code))
    .map((insurer): Recipient => ({
      level: insurer.isUnion === true ? '広域連合' : '市町村',
      code: insurer.code,
      name: insurer.name,
      prefectureCode: insurer.prefectureCode,
      ...(insurer.unionCode !== undefined && { unionCode: insurer.unionCode }),
      score: byCode.get(insurer.code),
    }));
  const prefectural = (result.prefectural?.insurers ?? []).map((score): Recipient => ({
    level: '都道府県',
    code: score.code,
    name: PREFECTURES.find((p) => p.code === score.code)?.name ?? '',
    prefectureCode: score.code,
    score,
  }));
  return { municipal, prefectural };
}

/** The result as JSON: per level the rules and national rates, then per recipient its total, grants and groups. */
export function scoreJson(result: ScoreResult): unknown {
  const level = (framework: Framework, national: NationalScore, list: readonly Recipient[]) => ({
    fiscalYear: framework.fiscalYear,
    title: framework.title,
    rules: frameworkRules(framework),
    recipientsScored: national.insurerCount,
    nationalRate: national.totalRate.rate.display,
    recipients: list.map(({ level: kind, code, name, prefectureCode, unionCode, score }) => ({
      level: kind,
      code,
      name,
      prefectureCode,
      ...(unionCode !== undefined && { unionCode }),
      scored: score !== undefined,
      ...(score && {
        score: score.score,
        maxPoints: score.maxPoints,
        rate: score.rate.display,
        ranks: { national: rankOf(score.ranks.national), prefecture: rankOf(score.ranks.prefecture) },
        grants: score.grants.map((grant) => ({
          grant: grant.grant,
          title: GRANT_TITLES[grant.grant],
          score: grant.score,
          maxPoints: grant.maxPoints,
          rate: grant.rate.display,
          ranks: { national: rankOf(grant.ranks.national), prefecture: rankOf(grant.ranks.prefecture) },
          groups: grant.goals.flatMap((goal) =>
            goal.groups.map((group) => ({
              goalId: goal.goalId,
              groupId: group.groupId,
              title: group.title,
              maxPoints: group.maxPoints,
              score: group.score,
              rate: group.rate.display,
              ...(group.shared && { shared: true }),
            })),
          ),
        })),
      }),
    })),
  });
  const { municipal, prefectural } = recipients(result);
  return {
    municipal: level(result.inputs.municipalFramework, result.municipal, municipal),
    ...(result.prefectural && result.inputs.prefecturalFramework && { prefectural: level(result.inputs.prefecturalFramework, result.prefectural, prefectural) }),
  };
}

export const CSV_HEADER = [
  '区分', 'コード', '名称', '都道府県コード', '広域連合コード', '集計', '交付金', '目標', '指標群', '指標群名',
  '満点', '得点', '得点率', '全国順位', '全国対象数', '都道府県内順位', '都道府県内対象数',
] as const;

/**
 * The result as CSV records (for the one CSV writer), long format: per recipient a 合計 row, a row per grant and a row
 * per group of each grant (goal IV's shared group stands in both grants, with the same score). Ranks are competition
 * ranks (ties share the best rank); a prefecture has no rank within a prefecture. A 広域連合's row stays empty.
 */
export function scoreCsvRecords(result: ScoreResult): CsvCell[][] {
  const records: CsvCell[][] = [[...CSV_HEADER]];
  const { municipal, prefectural } = recipients(result);
  for (const recipient of [...municipal, ...prefectural]) {
    const head: CsvCell[] = [recipient.level, recipient.code, recipient.name, recipient.prefectureCode, recipient.unionCode];
    const score = recipient.score;
    if (!score) {
      records.push([...head, '合計', null, null, null, null, null, null, null, null, null, null, null]);
      continue;
    }
    const ranks = (r: { national: Rank; prefecture: Rank }): CsvCell[] =>
      recipient.level === '都道府県'
        ? [r.national.competition, r.national.outOf, null, null]
        : [r.national.competition, r.national.outOf, r.prefecture.competition, r.prefecture.outOf];
    records.push([...head, '合計', null, null, null, null, score.maxPoints, score.score, score.rate.display, ...ranks(score.ranks)]);
    for (const grant of score.grants) {
      records.push([...head, '交付金', GRANT_SHORT[grant.grant], null, null, GRANT_TITLES[grant.grant], grant.maxPoints, grant.score, grant.rate.display, ...ranks(grant.ranks)]);
      for (const goal of grant.goals) {
        for (const group of goal.groups) {
          records.push([...head, '指標群', GRANT_SHORT[grant.grant], goal.goalId, group.groupId, group.title, group.maxPoints, group.score, group.rate.display, null, null, null, null]);
        }
      }
    }
  }
  return records;
}
