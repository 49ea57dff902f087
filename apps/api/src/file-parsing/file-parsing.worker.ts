/**
 * A worker thread of the FileParsingPool: runs one of FILE_PARSERS per message and answers with its result, its
 * refusal (a coded domain error, sent as data) or the message of an unexpected error.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { FILE_PARSERS, FileParserName, refusalMessage } from './file-parsers';

/**
 * This thread runs at the lowest scheduling priority, so that on a busy machine the event loop's thread (requests,
 * `/health`) gets the cores first. Linux gives each thread its own nice value, set through the thread's id
 * (/proc/thread-self); elsewhere the thread keeps the process's priority.
 */
function lowerThisThreadsPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, 19);
  } catch {
    // Not Linux: nothing to do.
  }
}

export interface ParseRequest {
  readonly id: number;
  readonly parser: FileParserName;
  readonly input: unknown;
}

export type ParseReply =
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly refusal: NonNullable<ReturnType<typeof refusalMessage>> }
  | { readonly id: number; readonly failure: string };

const port = parentPort;
if (port) {
  lowerThisThreadsPriority();
  port.on('message', ({ id, parser, input }: ParseRequest) => {
    const reply = (message: ParseReply) => port.postMessage(message);
    // The input was built by the pool for this very parser.
    const run = FILE_PARSERS[parser] as (input: unknown) => unknown;
    Promise.resolve()
      .then(() => run(input))
      .then(
        (result) => reply({ id, result }),
        (error: unknown) => {
          const refusal = refusalMessage(error);
          reply(refusal ? { id, refusal } : { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        },
      );
  });
}
