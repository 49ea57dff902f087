import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, settlesRequests, submissionDecider, submissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { FiscalYearReader } from '../../fiscal-year/fiscal-year.reader';
import { SubmissionContexts } from '../submission-context';
import { RequestAmounts } from './request-amounts.command';

/** Decided against the 内示 in force and the finalization (the year's grant calculation) and, in settlement years, the 所要見込額 window. */
@CommandHandler(RequestAmounts)
export class RequestAmountsHandler implements ICommandHandler<RequestAmounts> {
  constructor(
    private readonly insurers: SubmissionContexts,
    private readonly streams: StreamCommands,
    private readonly reader: FiscalYearReader,
  ) {}

  async execute({ fiscalYear, insurerCode, amounts, context }: RequestAmounts) {
    const facts = await this.insurers.forCommand(fiscalYear, insurerCode, context);
    const { state } = await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider, undefined);
    const year = await this.reader.openedYear(fiscalYear);
    const window = {
      draftTrialNumber: state.draft?.trialNumber ?? null,
      finalized: state.finalized !== undefined,
      // Settlement years accept requests only while their 所要見込額 window is open.
      ...(settlesRequests(year.allocationRuleVersion) && { requests: { phase: year.phase, requestsDueAt: year.requestsDueAt } }),
    };
    return this.streams.handle(submissionStreamId(fiscalYear, insurerCode), submissionDecider, context, { type: 'RequestMunicipalAmounts', amounts, window, context: facts });
  }
}
