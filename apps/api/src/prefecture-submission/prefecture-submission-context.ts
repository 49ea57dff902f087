import { Injectable } from '@nestjs/common';
import { PrefectureSubmissionCommand, PrefectureSubmissionContext, prefectureSubmissionDecider, prefectureSubmissionStreamId, settlesRequests } from '@grants/domain';
import { assertPrefectureScope } from '../auth/scope';
import { Clock } from '../commands/clock';
import { CommandContext } from '../commands/command-context';
import { CommandOutcome, StreamCommands } from '../commands/stream-commands.service';
import { FiscalYearReader } from '../fiscal-year/fiscal-year.reader';

/**
 * The facts a prefecture's own submission command is decided against, after the checks every such command shares:
 * the actor may change this prefecture's data, and the year is open.
 */
@Injectable()
export class PrefectureSubmissionContexts {
  constructor(
    private readonly reader: FiscalYearReader,
    private readonly clock: Clock,
    private readonly streams: StreamCommands,
  ) {}

  /** Load → decide → append on the prefecture's submission stream, with the command built from the year's facts. */
  async decide(
    fiscalYear: string,
    prefectureCode: string,
    context: CommandContext,
    command: (facts: PrefectureSubmissionContext) => PrefectureSubmissionCommand,
  ): Promise<CommandOutcome> {
    const facts = await this.forCommand(fiscalYear, prefectureCode, context);
    return this.streams.handle(prefectureSubmissionStreamId(fiscalYear, prefectureCode), prefectureSubmissionDecider, context, command(facts));
  }

  async forCommand(fiscalYear: string, prefectureCode: string, command: CommandContext): Promise<PrefectureSubmissionContext> {
    assertPrefectureScope(command.actor, prefectureCode, 'write');
    const year = await this.reader.openedYear(fiscalYear);
    return {
      fiscalYear,
      prefectureCode,
      phase: year.phase,
      dueAt: year.deadlines.prefectureSubmissionsDueAt,
      framework: year.prefecturalFramework,
      now: this.clock.now(),
      // Settlement years take the prefecture's 所要見込額 in the year's window after 内示, not with its answers.
      ...(settlesRequests(year.allocationRuleVersion) && { requests: { phase: year.phase, requestsDueAt: year.requestsDueAt } }),
    };
  }
}
