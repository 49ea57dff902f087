import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { FiscalYearState } from '../fiscal-year/fiscal-year';
import { Framework } from '../framework/framework';
import { NationalFiguresState, numericIndicators } from '../national-review/national-figures';
import { PREFECTURES } from '../recipients/prefectures';
import { RegisterState } from '../register/register';
import { effectivePrefectureAnswers, PrefectureSubmissionState } from '../submission/prefecture-submission';
import { effectiveAnswers, SubmissionState } from '../submission/submission';
import { NationalInsurerInput, scoreNation } from './score-nation';
import { ScoresCalculated, scoresCalculated } from './scores-calculated';
import { rankWithinSizeBands } from './size-band';

/** The states of one fiscal year that the national scoring step reads. */
export interface ScoringStates {
  readonly year: Extract<FiscalYearState, { status: 'opened' }>;
  readonly register: RegisterState;
  /** By insurer code; a missing entry is an insurer that never saved anything. */
  readonly submissions: ReadonlyMap<string, SubmissionState>;
  /** By prefecture code. */
  readonly prefectureSubmissions: ReadonlyMap<string, PrefectureSubmissionState>;
  readonly figures: NationalFiguresState;
}

export function sha256Of(value: unknown): string {
  return createHash('sha256').update(canonicalize(value) ?? '').digest('hex');
}

/**
 * The national scoring step as one pure function of the fiscal year's states: every registered insurer with its
 * reviewed answers (none when not submitted), the 47 prefectures likewise, each framework with its own figures.
 * The members of a 広域連合 are scored one by one; the union's own row is not scored (its table stays empty), and
 * figures recorded for it are left out. Prefectural scoring runs after municipal scoring and reads its result.
 * Insurers are also ranked within their 規模区分 (by 第1号被保険者数), and every indicator's national statistics recorded.
 * The API runs it when the year moves to 'scored'; the audit replay runs it again and compares.
 */
export function scoreFiscalYear(states: ScoringStates, now: Date): ScoresCalculated {
  const { year } = states;
  const unions = new Set([...states.register.insurers.values()].filter((insurer) => insurer.isUnion === true).map((insurer) => insurer.code));
  const insurers: NationalInsurerInput[] = [...states.register.insurers.values()]
    .filter((insurer) => !unions.has(insurer.code))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((insurer) => {
      const submission = states.submissions.get(insurer.code);
      return { code: insurer.code, prefectureCode: insurer.prefectureCode, answers: submission ? effectiveAnswers(submission) : {} };
    });
  const prefectures: NationalInsurerInput[] = PREFECTURES.map((prefecture) => {
    const submission = states.prefectureSubmissions.get(prefecture.code);
    return { code: prefecture.code, prefectureCode: prefecture.code, answers: submission ? effectivePrefectureAnswers(submission) : {} };
  });
  const figures = states.figures.byIndicator;
  const figuresOf = (framework: Framework) =>
    Object.fromEntries(numericIndicators(framework).map((i) => [i.id, (figures[i.id] ?? []).filter((f) => !unions.has(f.code))]));
  const municipal = scoreNation(year.municipalFramework, { insurers, figures: figuresOf(year.municipalFramework) });
  const sizeBands = rankWithinSizeBands(
    municipal.insurers.map((s) => ({ code: s.code, score: s.score, category1InsuredPersons: states.register.insurers.get(s.code)?.category1InsuredPersons ?? 0 })),
  );
  const { activityYear } = year.municipalFramework;
  return scoresCalculated(
    municipal,
    scoreNation(year.prefecturalFramework, { insurers: prefectures, figures: figuresOf(year.prefecturalFramework), municipal }),
    year.fiscalYear,
    sha256Of({ insurers, prefectures, figures }),
    now,
    { sizeBands, ...(activityYear ? { activityYear } : {}) },
  );
}
