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
import { StreamCommands, StreamReads } from '../commands/stream-commands.service';
import { FiscalYearPipe, InsurerCodePipe } from '../common/path-params';

export const fiscalYearFold = fiscalYearDecider;
export const registerFold = registerDecider;
export const submissionFold = submissionDecider;
export const nationalFiguresFold = nationalFiguresDecider;
export const grantCalculationFold = grantCalculationDecider;

export type OpenedFiscalYear = Extract<FiscalYearState, { status: 'opened' }>;

/** How a year's streams are read: through StreamCommands (command handlers) or StreamReads (query handlers). */
type StreamSource = Pick<StreamReads, 'load'>;

/** The streams of one fiscal year that commands and queries decide against or show. */
export class YearStreams {
  constructor(private readonly streams: StreamSource) {}

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
}

/** The year's streams as command handlers decide against them (StreamCommands, with its fold cache). */
@Injectable()
export class FiscalYearReader extends YearStreams {
  constructor(commands: StreamCommands) {
    super(commands);
  }
}

/** The year's streams as queries show them (StreamReads): never the command side's cache. */
@Injectable()
export class FiscalYearReads extends YearStreams {
  constructor(reads: StreamReads) {
    super(reads);
  }
}

const fiscalYearPipe = new FiscalYearPipe();
const insurerCodePipe = new InsurerCodePipe();

/** @deprecated Use `@Param('fiscalYear', FiscalYearPipe)`; kept for routes not yet moved (the same check). */
export function checkLabel(fiscalYear: string): string {
  return fiscalYearPipe.transform(fiscalYear);
}

/** @deprecated Use `@Param('insurerCode', InsurerCodePipe)`; kept for routes not yet moved (the same check). */
export function checkInsurerCode(code: string): string {
  return insurerCodePipe.transform(code);
}
