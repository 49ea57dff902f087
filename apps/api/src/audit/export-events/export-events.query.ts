import { Query } from '@nestjs/cqrs';

/**
 * 記録の書出し: the log as NDJSON, one event per line exactly as stored (with its chain hash and the canonical bytes
 * the hash covers), the fiscal year's events only when one is given, up to the request's `?asOf=` point, closed by the
 * trailer line `{"trailer":true,"events":n,"digest":"<position>:<hash>"}`: the format of `cli export`.
 */
export class ExportEvents extends Query<AsyncIterable<string>> {
  constructor(readonly fiscalYear: string | undefined) {
    super();
  }
}
