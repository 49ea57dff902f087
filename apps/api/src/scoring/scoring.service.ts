import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import canonicalize from 'canonicalize';
import {
  effectiveAnswers,
  effectivePrefectureAnswers,
  evolvePrefectureSubmission,
  initialPrefectureSubmissionState,
  NationalInsurerInput,
  numericIndicators,
  PREFECTURES,
  prefectureSubmissionStreamId,
  ScoresCalculated,
  scoresCalculated,
  scoreNation,
} from '@grants/domain';
import type { Framework } from '@grants/domain';
import { StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader, OpenedFiscalYear } from '../fiscal-year/fiscal-year.reader';

const prefectureFold = { initialState: initialPrefectureSubmissionState, evolve: evolvePrefectureSubmission };

/**
 * The national scoring step: every registered insurer's reviewed answers, every prefecture's submitted answers and
 * the national figures in, the ScoresCalculated event out. Run when the year moves to 'scored'; by then nothing that
 * feeds it can change. Unsubmitted self-evaluations score no self-assessed points.
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly reader: FiscalYearReader,
    private readonly commands: StreamCommands,
  ) {}

  async calculate(year: OpenedFiscalYear, now: Date): Promise<ScoresCalculated> {
    const register = await this.reader.register(year.fiscalYear);
    const insurers: NationalInsurerInput[] = [];
    for (const insurer of [...register.insurers.values()].sort((a, b) => (a.code < b.code ? -1 : 1))) {
      const { state } = await this.reader.submission(year.fiscalYear, insurer.code);
      insurers.push({ code: insurer.code, prefectureCode: insurer.prefectureCode, answers: effectiveAnswers(state) });
    }
    const prefectures: NationalInsurerInput[] = [];
    for (const prefecture of PREFECTURES) {
      const { state } = await this.commands.load(prefectureSubmissionStreamId(year.fiscalYear, prefecture.code), prefectureFold);
      prefectures.push({ code: prefecture.code, prefectureCode: prefecture.code, answers: effectivePrefectureAnswers(state) });
    }
    const figures = (await this.reader.nationalFigures(year.fiscalYear)).byIndicator;
    const inputsSha256 = createHash('sha256').update(canonicalize({ insurers, prefectures, figures }) ?? '').digest('hex');
    const figuresOf = (framework: Framework) => Object.fromEntries(numericIndicators(framework).map((i) => [i.id, figures[i.id] ?? []]));
    return scoresCalculated(
      scoreNation(year.municipalFramework, { insurers, figures: figuresOf(year.municipalFramework) }),
      scoreNation(year.prefecturalFramework, { insurers: prefectures, figures: figuresOf(year.prefecturalFramework) }),
      year.fiscalYear,
      inputsSha256,
      now,
    );
  }
}
