import { eventGuard, GrantCalculationEvent } from '@grants/domain';
import type { CommandOutcome } from '../commands/stream-commands.service';

/**
 * The data of the event of one type a command decided (or, for a retried command, first recorded), typed by the
 * event union of the grant calculation stream; undefined when the command decided nothing.
 */
export function decidedData<E extends GrantCalculationEvent>(outcome: CommandOutcome, type: E['type']): E['data'] | undefined {
  return outcome.events.find(eventGuard<E>([type]))?.data;
}
