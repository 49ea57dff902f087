import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { toErrorBody } from '../common/http-exception.filter';
import { commandOutcome as auditOutcome } from '../logging/audit-log';
import { Metrics } from './metrics';
import { inSpan } from './tracing';

export type CommandOutcomeLabel = 'accepted' | 'idempotent_replay' | 'conflict' | 'refused' | 'error';

/**
 * What became of a command, from what its handler returned or threw: a retry answered from the first run
 * (`idempotentReplay`), a conflict (409: the state or the command id does not allow it; 412: If-Match is stale), a
 * refusal of any other 4xx (invalid, forbidden, not found), or an error (5xx: the store unavailable, a bug). The
 * status is the one the client gets (toErrorBody), so the metric and the response never disagree.
 */
export function commandOutcome(settled: { readonly result: unknown } | { readonly error: unknown }): CommandOutcomeLabel {
  // One rule for the metric and the audit line (logging/audit-log.ts); the metric calls a 5xx `error`.
  const outcome =
    'result' in settled
      ? auditOutcome(200, (settled.result as { idempotentReplay?: unknown } | null | undefined)?.idempotentReplay === true)
      : auditOutcome(toErrorBody(settled.error).body.statusCode);
  return outcome === 'failed' ? 'error' : (outcome as Exclude<CommandOutcomeLabel, 'error'>);
}

/**
 * Wraps the CommandBus's `execute` once at start, so every command — from a route, a bulk import or the national-year
 * generator — is counted by type and outcome, timed, and traced as a span (`command <Type>`) that the store's append
 * spans nest under.
 */
@Injectable()
export class CommandBusInstrumentation implements OnModuleInit {
  constructor(
    private readonly bus: CommandBus,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    const execute = this.bus.execute.bind(this.bus) as (command: ICommand, ...rest: unknown[]) => Promise<unknown>;
    const { commands, commandDuration } = this.metrics;
    const instrumented = (command: ICommand, ...rest: unknown[]): Promise<unknown> => {
      const type = command.constructor.name;
      const stopTimer = commandDuration.startTimer({ command: type });
      return inSpan(`command ${type}`, { 'grants.command': type }, async (span) => {
        try {
          const result = await execute(command, ...rest);
          const outcome = commandOutcome({ result });
          commands.inc({ command: type, outcome });
          span.setAttribute('grants.command.outcome', outcome);
          return result;
        } catch (error) {
          const outcome = commandOutcome({ error });
          commands.inc({ command: type, outcome });
          span.setAttribute('grants.command.outcome', outcome);
          throw error;
        } finally {
          stopTimer();
        }
      }, (error) => commandOutcome({ error }) === 'error');
    };
    Object.assign(this.bus, { execute: instrumented });
  }
}
