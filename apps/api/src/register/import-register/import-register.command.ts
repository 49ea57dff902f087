import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';
import type { CommandOutcome } from '../../commands/stream-commands.service';
import type { CsvUploadEncoding } from './import-register.request';

export interface RegisterImported {
  readonly outcome: CommandOutcome;
  /** Rows read from the file. */
  readonly rows: number;
  /** The encoding the file was read in. */
  readonly encoding: string;
  readonly sha256: string;
}

/**
 * 保険者名簿の CSV 取込: all or nothing; the file's SHA-256 is the command's idempotency key, so re-sending the same
 * file stores nothing.
 */
export class ImportRegister extends Command<RegisterImported> {
  constructor(
    readonly fiscalYear: string,
    readonly bytes: Buffer,
    readonly encoding: CsvUploadEncoding,
    readonly fileName: string | undefined,
    readonly actor: Actor,
    /** The client's If-Match header, checked when the command context is built. */
    readonly ifMatch: string | undefined,
  ) {
    super();
  }
}
