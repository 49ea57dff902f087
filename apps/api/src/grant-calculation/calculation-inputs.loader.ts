import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  allocationRuleOf,
  CalculationInputs,
  calculationInputs,
  DomainError,
  eventGuard,
  fiscalYearDecider,
  fiscalYearStreamId,
  hashCalculationInputs,
  MunicipalRequests,
  PREFECTURES,
  prefectureSubmissionDecider,
  PrefectureSubmissionState,
  prefectureSubmissionStreamId,
  registerDecider,
  RegisterState,
  registerStreamId,
  ScoresCalculated,
  submissionDecider,
  submissionStreamId,
} from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { StreamCommands } from '../commands/stream-commands.service';
import { MUNICIPAL_REQUEST_PROJECTION, MUNICIPAL_REQUESTS_SQL } from '../submission/municipal-request.projection';
import type { OpenedFiscalYear } from '../fiscal-year/fiscal-year.reader';

const isScoresCalculated = eventGuard<ScoresCalculated>(['ScoresCalculated']);

export interface LoadedCalculationInputs {
  readonly inputs: CalculationInputs;
  /** SHA-256 of the inputs, recorded with the calculation for the audit trail. */
  readonly inputsSha256: string;
}

/**
 * What a trial or a recalculation divides by, gathered from the streams commands decide on: the scores recorded
 * when the year moved to 'scored', the register (category-1 insured persons), the prefectures' 所要見込額 and, under
 * rules that settle the draft against requests, the municipalities' 所要見込額 after 内示.
 */
@Injectable()
export class CalculationInputsLoader {
  constructor(
    private readonly streams: StreamCommands,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  async load(year: OpenedFiscalYear): Promise<LoadedCalculationInputs> {
    const scores = await this.recordedScores(year);
    const register = await this.register(year.fiscalYear);
    const requests = await this.municipalRequests(year, register);
    const inputs = calculationInputs(year, scores, register, await this.prefectureSubmissions(year.fiscalYear), requests);
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

  /**
   * The insurers' 所要見込額 after 内示; not read at all for years whose rule ignores them. From the `municipal_request`
   * read model (one query) once its projection has applied the whole log, else from every insurer's stream, so a
   * calculation never divides by requests a lagging table has not seen yet. The audit replay recomputes from events.
   */
  private async municipalRequests(year: OpenedFiscalYear, register: RegisterState): Promise<MunicipalRequests> {
    const requests = new Map<string, { suishinYen: string; shienYen: string }>();
    if (allocationRuleOf(year.allocationRuleVersion).settlement !== 'draft-then-requests') return requests;
    if (await this.requestsCaughtUp()) {
      const rows: { insurerCode: string; suishinYen: string; shienYen: string }[] = await this.dataSource.query(MUNICIPAL_REQUESTS_SQL, [year.fiscalYear]);
      for (const { insurerCode, suishinYen, shienYen } of rows) if (register.insurers.has(insurerCode)) requests.set(insurerCode, { suishinYen, shienYen });
      return requests;
    }
    for (const code of register.insurers.keys()) {
      const { state } = await this.streams.load(submissionStreamId(year.fiscalYear, code), submissionDecider, undefined);
      if (state.requested) requests.set(code, state.requested);
    }
    return requests;
  }

  private async requestsCaughtUp(): Promise<boolean> {
    const rows: { position: string }[] = await this.dataSource.query('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1', [MUNICIPAL_REQUEST_PROJECTION]);
    return rows.length > 0 && BigInt(rows[0].position) >= (await this.store.headPosition());
  }

  private async prefectureSubmissions(fiscalYear: string): Promise<Map<string, PrefectureSubmissionState>> {
    const states = new Map<string, PrefectureSubmissionState>();
    for (const { code } of PREFECTURES) {
      states.set(code, (await this.streams.load(prefectureSubmissionStreamId(fiscalYear, code), prefectureSubmissionDecider, undefined)).state);
    }
    return states;
  }
}
