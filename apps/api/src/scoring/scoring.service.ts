import { Injectable } from '@nestjs/common';
import {
  PREFECTURES,
  prefectureSubmissionDecider,
  PrefectureSubmissionState,
  prefectureSubmissionStreamId,
  ScoresCalculated,
  scoreFiscalYear,
  SubmissionState,
} from '@grants/domain';
import { StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader, OpenedFiscalYear } from '../fiscal-year/fiscal-year.reader';

/**
 * Command side: loads what the national scoring step reads, each stream folded by its own decider into its typed
 * state, and runs it (the pure `scoreFiscalYear`). Run when the year moves to 'scored'; by then nothing that feeds it
 * can change. The published scores are read from the scores read models, never from here.
 */
@Injectable()
export class ScoringService {
  constructor(
    private readonly reader: FiscalYearReader,
    private readonly commands: StreamCommands,
  ) {}

  async calculate(year: OpenedFiscalYear, now: Date): Promise<ScoresCalculated> {
    const register = await this.reader.register(year.fiscalYear);
    const submissions = new Map<string, SubmissionState>();
    for (const code of register.insurers.keys()) submissions.set(code, (await this.reader.submission(year.fiscalYear, code)).state);
    const prefectureSubmissions = await this.prefectureSubmissions(year.fiscalYear);
    const figures = await this.reader.nationalFigures(year.fiscalYear);
    return scoreFiscalYear({ year, register, submissions, prefectureSubmissions, figures }, now);
  }

  async prefectureSubmissions(fiscalYear: string): Promise<Map<string, PrefectureSubmissionState>> {
    const states = new Map<string, PrefectureSubmissionState>();
    for (const prefecture of PREFECTURES) {
      states.set(prefecture.code, (await this.commands.load(prefectureSubmissionStreamId(fiscalYear, prefecture.code), prefectureSubmissionDecider)).state);
    }
    return states;
  }
}
