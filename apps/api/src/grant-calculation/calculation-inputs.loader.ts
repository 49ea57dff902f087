import { Injectable } from '@nestjs/common';
import {
  CalculationInputs,
  calculationInputs,
  DomainError,
  eventGuard,
  fiscalYearDecider,
  fiscalYearStreamId,
  hashCalculationInputs,
  PREFECTURES,
  prefectureSubmissionDecider,
  PrefectureSubmissionState,
  prefectureSubmissionStreamId,
  registerDecider,
  RegisterState,
  registerStreamId,
  ScoresCalculated,
} from '@grants/domain';
import { StreamCommands } from '../commands/stream-commands.service';
import type { OpenedFiscalYear } from '../fiscal-year/fiscal-year.reader';

const isScoresCalculated = eventGuard<ScoresCalculated>(['ScoresCalculated']);

export interface LoadedCalculationInputs {
  readonly inputs: CalculationInputs;
  /** SHA-256 of the inputs, recorded with the calculation for the audit trail. */
  readonly inputsSha256: string;
}

/**
 * What a trial or a recalculation divides by, gathered from the streams commands decide on: the scores recorded
 * when the year moved to 'scored', the register (category-1 insured persons) and the prefectures' 所要見込額.
 */
@Injectable()
export class CalculationInputsLoader {
  constructor(private readonly streams: StreamCommands) {}

  async load(year: OpenedFiscalYear): Promise<LoadedCalculationInputs> {
    const scores = await this.recordedScores(year);
    const register = await this.register(year.fiscalYear);
    const inputs = calculationInputs(year, scores, register, await this.prefectureSubmissions(year.fiscalYear));
    return { inputs, inputsSha256: hashCalculationInputs(inputs) };
  }

  /** The codes a score correction may name: the 47 prefectures, or the insurers of the year's register. */
  async recipients(fiscalYear: string, level: 'municipal' | 'prefectural'): Promise<ReadonlySet<string>> {
    if (level === 'prefectural') return new Set(PREFECTURES.map((p) => p.code));
    return new Set((await this.register(fiscalYear)).insurers.keys());
  }

  /** The latest ScoresCalculated of the fiscal year's stream; a year not yet scored cannot be calculated. */
  private async recordedScores(year: OpenedFiscalYear): Promise<ScoresCalculated> {
    const { events } = await this.streams.load(fiscalYearStreamId(year.fiscalYear), fiscalYearDecider, undefined);
    const scores = events.filter(isScoresCalculated).at(-1);
    if (!scores) {
      throw new DomainError('conflict', 'CALCULATION.NOT_SCORED', '試算は評価確定後に行えます。', 'Trial calculations run after scoring.', undefined, { phase: year.phase });
    }
    return scores;
  }

  private async register(fiscalYear: string): Promise<RegisterState> {
    return (await this.streams.load(registerStreamId(fiscalYear), registerDecider, undefined)).state;
  }

  private async prefectureSubmissions(fiscalYear: string): Promise<Map<string, PrefectureSubmissionState>> {
    const states = new Map<string, PrefectureSubmissionState>();
    for (const { code } of PREFECTURES) {
      states.set(code, (await this.streams.load(prefectureSubmissionStreamId(fiscalYear, code), prefectureSubmissionDecider, undefined)).state);
    }
    return states;
  }
}
