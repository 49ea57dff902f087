import { Injectable } from '@nestjs/common';
import { SubmissionContext } from '@grants/domain';
import { assertInsurerScope } from '../auth/scope';
import { Clock } from '../commands/clock';
import { CommandContext } from '../commands/command-context';
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
  ) {}

  async forCommand(fiscalYear: string, insurerCode: string, command: CommandContext): Promise<SubmissionContext> {
    assertInsurerScope(command.actor, insurerCode, 'write');
    const year = await this.reader.openedYear(fiscalYear);
    await this.reader.registeredInsurer(fiscalYear, insurerCode);
    return { fiscalYear, insurerCode, phase: year.phase, submissionsDueAt: year.deadlines.submissionsDueAt, framework: year.municipalFramework, now: this.clock.now() };
  }
}
