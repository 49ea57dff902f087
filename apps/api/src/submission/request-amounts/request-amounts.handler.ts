import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, submissionDecider, submissionStreamId } from '@grants/domain';
import { StreamCommands } from '../../commands/stream-commands.service';
import { SubmissionContexts } from '../submission-context';
import { RequestAmounts } from './request-amounts.command';

/** Decided against the 内示 in force and the finalization, both read from the year's grant calculation. */
@CommandHandler(RequestAmounts)
export class RequestAmountsHandler implements ICommandHandler<RequestAmounts> {
  constructor(
    private readonly insurers: SubmissionContexts,
    private readonly streams: StreamCommands,
  ) {}

  async execute({ fiscalYear, insurerCode, amounts, context }: RequestAmounts) {
    const facts = await this.insurers.forCommand(fiscalYear, insurerCode, context);
    const { state } = await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider, undefined);
    const window = { draftTrialNumber: state.draft?.trialNumber ?? null, finalized: state.finalized !== undefined };
    return this.streams.handle(submissionStreamId(fiscalYear, insurerCode), submissionDecider, context, { type: 'RequestMunicipalAmounts', amounts, window, context: facts });
  }
}
