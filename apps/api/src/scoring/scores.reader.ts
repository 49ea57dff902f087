import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, fiscalYearStreamId, isFiscalYearLabel, previousFiscalYear } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { StreamReads } from '../commands/stream-commands.service';
import { readModelAnswers } from '../projections/read-model-lag';
import { RecipientLevel, RecipientScore } from './recipient-score.entity';
import { ScoreCalculation } from './score-calculation.entity';
import { ScoreRanking } from './score-ranking.entity';
import { evolveScores, SCORES_PROJECTION, YearScores } from './scores.projection';

/** Folds a fiscal year's stream into the same rows the projection writes. */
const scoresFold = { initialState: null as YearScores | null, evolve: evolveScores, eventTypes: ['ScoresCalculated'] };

/**
 * Reads the scoring read models. They answer whenever they show the year's stream as it is: with `?asOf=`, or in the
 * moment between a ScoresCalculated being recorded and the projection applying it, the rows are folded from the
 * fiscal year's stream by the projection's own pure function instead, so the past (and the just-written) reads
 * exactly as the tables would have shown it.
 */
@Injectable()
export class ScoresReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly streams: StreamReads,
    private readonly store: EventStore,
  ) {}

  /** A recipient's score row, undefined when the year is scored without it; 404 SCORING.NOT_SCORED before scoring. */
  async recipient(fiscalYear: string, level: RecipientLevel, code: string): Promise<RecipientScore | undefined> {
    const folded = await this.folded(fiscalYear);
    if (folded) return folded.recipients.find((r) => r.level === level && r.code === code);
    const row = await this.dataSource.getRepository(RecipientScore).findOneBy({ fiscalYear, level, code });
    if (!row) await this.requireScored(fiscalYear);
    return row ?? undefined;
  }

  /** The rows of a level in one prefecture (its insurers), for the prefecture's own rates beside the national ones. */
  async inPrefecture(fiscalYear: string, level: RecipientLevel, prefectureCode: string): Promise<readonly RecipientScore[]> {
    const folded = await this.folded(fiscalYear);
    if (folded) return folded.recipients.filter((r) => r.level === level && r.prefectureCode === prefectureCode);
    return this.dataSource.getRepository(RecipientScore).findBy({ fiscalYear, level, prefectureCode });
  }

  /** The year's calculation: its activity year and indicator statistics; 404 SCORING.NOT_SCORED before scoring. */
  async calculation(fiscalYear: string): Promise<ScoreCalculation> {
    const folded = await this.folded(fiscalYear);
    if (folded) return folded.calculation;
    const row = await this.dataSource.getRepository(ScoreCalculation).findOneBy({ fiscalYear });
    if (!row) throw notScored(fiscalYear);
    return row;
  }

  /**
   * The recipient's row of the year before (FY−1), read as that year's tables show it (as of the same point with
   * `?asOf=`); undefined when that year is not in the system, not scored yet, or scored without the recipient.
   */
  async previousYear(fiscalYear: string, level: RecipientLevel, code: string): Promise<RecipientScore | undefined> {
    const previous = previousFiscalYear(fiscalYear);
    if (!isFiscalYearLabel(previous)) return undefined;
    try {
      return await this.recipient(previous, level, code);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'SCORING.NOT_SCORED') return undefined;
      throw error;
    }
  }

  /**
   * One ranking ('national', a prefecture code or a size band's scope) in order; with `prefectureCode`, only that
   * prefecture's insurers in it (in the national ranking, their national ranks). 404 SCORING.NOT_SCORED before scoring.
   */
  async ranking(fiscalYear: string, scope: string, prefectureCode?: string): Promise<readonly ScoreRanking[]> {
    const folded = await this.folded(fiscalYear);
    if (folded) {
      return folded.rankings.filter((r) => r.scope === scope && (prefectureCode === undefined || r.prefectureCode === prefectureCode)).sort((a, b) => a.ordinal - b.ordinal);
    }
    await this.requireScored(fiscalYear);
    return this.dataSource.getRepository(ScoreRanking).find({ where: { fiscalYear, scope, ...(prefectureCode === undefined ? {} : { prefectureCode }) }, order: { ordinal: 'ASC' } });
  }

  /** The year's rows folded from its stream, or undefined when the tables answer. */
  private async folded(fiscalYear: string): Promise<YearScores | undefined> {
    if (await readModelAnswers(this.dataSource, this.store, SCORES_PROJECTION, fiscalYearStreamId(fiscalYear))) return undefined;
    const { state } = await this.streams.load(fiscalYearStreamId(fiscalYear), scoresFold);
    if (!state) throw notScored(fiscalYear);
    return state;
  }

  private async requireScored(fiscalYear: string): Promise<void> {
    if (!(await this.dataSource.getRepository(ScoreCalculation).existsBy({ fiscalYear }))) throw notScored(fiscalYear);
  }
}

function notScored(fiscalYear: string): DomainError {
  return new DomainError('not_found', 'SCORING.NOT_SCORED', `${fiscalYear} はまだ採点されていません。`, `${fiscalYear} has not been scored yet.`);
}
