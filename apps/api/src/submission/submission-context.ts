import { Injectable } from '@nestjs/common';
import { SubmissionCommand, SubmissionContext, submissionDecider, submissionStreamId } from '@grants/domain';
import { assertInsurerScope } from '../auth/scope';
import { Clock } from '../commands/clock';
import { CommandContext } from '../commands/command-context';
import { CommandOutcome, StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader } from '../fiscal-year/fiscal-year.reader';

/**
 * The facts an insurer's submission command is decided against, after the checks every such command shares: the
 * actor may change this insurer's data, the year is open, the insurer is registered.
 */
@Injectable()
export class SubmissionContexts {
  constructor(
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
    private readonly streams: StreamCommands,
  ) {}

  /** Load → decide → append on the insurer's submission stream, with the command built from the year's facts. */
  async decide(fiscalYear: string, insurerCode: string, context: CommandContext, command: (facts: SubmissionContext) => SubmissionCommand): Promise<CommandOutcome> {
    const facts = await this.forCommand(fiscalYear, insurerCode, context);
    return this.streams.handle(submissionStreamId(fiscalYear, insurerCode), submissionDecider, context, command(facts));
  }

  async forCommand(fiscalYear: string, insurerCode: string, command: CommandContext): Promise<SubmissionContext> {
    assertInsurerScope(command.actor, insurerCode, 'write');
    const year = await this.reader.openedYear(fiscalYear);
    await this.reader.registeredInsurer(fiscalYear, insurerCode);
    return { fiscalYear, insurerCode, phase: year.phase, submissionsDueAt: year.deadlines.submissionsDueAt, framework: year.municipalFramework, now: this.clock.now() };
  }
}
