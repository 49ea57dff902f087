import type { Response } from 'express';
import { CommandOutcome } from './stream-commands.service';

/** What every command answers besides its own fields: the new version (also as ETag), the event types, and whether it was a retry. */
export interface CommandReceipt {
  readonly version: string;
  readonly events: string[];
  readonly idempotentReplay: boolean;
}

/** Sets the ETag (the stream version, the client's next If-Match) and returns the receipt of the command. */
export function receipt(response: Response, outcome: CommandOutcome): CommandReceipt {
  response.setHeader('ETag', `"${outcome.version}"`);
  return { version: outcome.version.toString(), events: outcome.events.map((e) => e.type), idempotentReplay: outcome.idempotentReplay };
}
