/**
 * The export's last line (`cli export`): `{"trailer":true,"events":<n>,"digest":"<position>:<hash>"}` (and the fiscal
 * year when one was exported). The digest is the last exported event's position and hash — for a whole-log export,
 * what verify prints — so a file cut off anywhere, even between two lines, is told from a complete one; import
 * refuses a file without it.
 */
export const EXPORT_TRAILER = 'trailer';

export interface ExportTrailer {
  readonly trailer: true;
  /** Events in the file. */
  readonly events: number;
  /** `<position>:<hash>` of the last event (`0:000…0` for an empty log). */
  readonly digest: string;
  readonly fiscalYear?: string;
}
