import { InvalidConfigError } from '../../api/src/config/app-config';

/** The CLI's exit codes, in one place (the usage text lists them for people). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** verify: the hash chain does not verify. */
export const EXIT_TAMPERED = 3;
/** replay: some recorded decisions (or read-model rows) were not reproduced. */
export const EXIT_NOT_REPRODUCED = 4;
/** Something the auditor asked for does not exist (no events of the year, no such calculation). */
export const EXIT_NOT_FOUND = 5;

/** The command line was wrong: unknown or repeated options, missing or malformed values. */
export class CliUsageError extends Error {}

/** Something the auditor asked for does not exist (no events of the year, no such calculation). */
export class CliNotFound extends Error {}

/** A file or log that does not verify (import: a line that does not chain, a cut-off export). Exit code 3. */
export class CliRefused extends Error {}

/**
 * Every error a command can end with, mapped to what it prints and its exit code: the one place the CLI decides
 * them (bad usage and bad configuration 2, not found 5, anything else 1).
 */
export function reportFailure(error: unknown, err: (line: string) => void, usage: string): number {
  if (error instanceof CliUsageError) {
    err(`エラー / error: ${error.message}\n\n${usage}`);
    return EXIT_USAGE;
  }
  if (error instanceof InvalidConfigError) {
    err(error.message);
    return EXIT_USAGE;
  }
  err(`エラー / error: ${error instanceof Error ? error.message : String(error)}`);
  if (error instanceof CliRefused) return EXIT_TAMPERED;
  return error instanceof CliNotFound ? EXIT_NOT_FOUND : EXIT_FAILED;
}
