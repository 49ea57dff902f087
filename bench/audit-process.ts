/**
 * Runs the national-year audit bench in a process of its own (as an auditor runs `npm run cli -- verify` and
 * `replay`: a fresh process, not one that has just run the other benches). Usage: audit-process.ts <database url>.
 * Progress goes to stderr; the rows, as JSON, are the last line of stdout.
 */
import { benchAudit } from './audit.bench';

benchAudit(process.argv[2], (message) => console.error(`bench: ${message}…`))
  .then((rows) => process.stdout.write(`${JSON.stringify(rows)}\n`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
