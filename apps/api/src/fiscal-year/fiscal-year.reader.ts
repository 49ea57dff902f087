import { Injectable } from '@nestjs/common';
import {
  DomainError,
  fiscalYearDecider,
  registerDecider,
  submissionDecider,
  nationalFiguresDecider,
  grantCalculationDecider,
  GrantCalculationState,
  grantCalculationStreamId,
  fiscalYearStreamId,
  FiscalYearState,
  nationalFiguresStreamId,
  NationalFiguresState,
  RegisterState,
  registerStreamId,
  requireOpened,
  submissionStreamId,
} from '@grants/domain';
import { StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearPipe } from '../common/path-params';
import type { CalculationProgress, ReadinessSources, ReturnedSubmission } from './readiness.service';

export type OpenedFiscalYear = Extract<FiscalYearState, { status: 'opened' }>;

/**
 * The streams of one fiscal year as command handlers decide against them (StreamCommands, with its fold cache).
 * Queries read the year through YearViews (year-views.reader.ts), never through this.
 */
@Injectable()
export class FiscalYearReader implements ReadinessSources {
  constructor(private readonly streams: StreamCommands) {}

  /** A fiscal year from a path parameter: 400 for a malformed label, 404 when it was never opened. */
  async openedYear(fiscalYear: string): Promise<OpenedFiscalYear> {
    checkLabel(fiscalYear);
    const { state } = await this.streams.load(fiscalYearStreamId(fiscalYear), fiscalYearDecider);
    return requireOpened(state, fiscalYear);
  }

  async register(fiscalYear: string): Promise<RegisterState> {
    return (await this.streams.load(registerStreamId(fiscalYear), registerDecider)).state;
  }

  async registeredInsurer(fiscalYear: string, code: string) {
    const insurer = (await this.register(fiscalYear)).insurers.get(code);
    if (!insurer) {
      throw new DomainError('not_found', 'REGISTER.INSURER_NOT_FOUND', `保険者 ${code} は ${fiscalYear} に登録されていません。`, `Insurer ${code} is not registered for ${fiscalYear}.`, 'insurerCode');
    }
    return insurer;
  }

  async submission(fiscalYear: string, code: string) {
    return this.streams.load(submissionStreamId(fiscalYear, code), submissionDecider);
  }

  async grantCalculation(fiscalYear: string): Promise<GrantCalculationState> {
    return (await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider)).state;
  }

  async nationalFigures(fiscalYear: string): Promise<NationalFiguresState> {
    return (await this.streams.load(nationalFiguresStreamId(fiscalYear), nationalFiguresDecider)).state;
  }

  async calculationProgress(fiscalYear: string): Promise<CalculationProgress> {
    const state = await this.grantCalculation(fiscalYear);
    return { trialRun: state.trials > 0, finalized: state.finalized !== undefined };
  }

  async draftPublished(fiscalYear: string): Promise<boolean> {
    return (await this.grantCalculation(fiscalYear)).draft !== undefined;
  }

  async registeredCount(fiscalYear: string): Promise<number> {
    return (await this.register(fiscalYear)).insurers.size;
  }

  /** Every registered insurer's submission folded (the fold cache keeps a repeated step cheap); the returned ones. */
  async returnedSubmissions(fiscalYear: string): Promise<ReturnedSubmission[]> {
    const returned: ReturnedSubmission[] = [];
    for (const insurerCode of [...(await this.register(fiscalYear)).insurers.keys()].sort()) {
      const { state } = await this.submission(fiscalYear, insurerCode);
      if (state.status === 'returned') returned.push({ insurerCode, state });
    }
    return returned;
  }
}

const fiscalYearPipe = new FiscalYearPipe();

/**
 * The route's fiscal-year check for readers called without a route (command handlers sent by imports, the CLI and
 * the generator): the same 400 VALIDATION.INVALID_PATH.
 */
export function checkLabel(fiscalYear: string): string {
  return fiscalYearPipe.transform(fiscalYear);
}
