import { DomainError } from '@grants/domain';

export const CSV_ENCODINGS = ['auto', 'utf-8', 'shift_jis'] as const;
export type CsvUploadEncoding = (typeof CSV_ENCODINGS)[number];

/** The uploaded file: the raw body of a text/csv request (any other body is a 400). */
export function csvBytes(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) {
    throw new DomainError('invalid', 'CSV.CONTENT_TYPE', 'Content-Type: text/csv で CSV ファイルを送ってください。', 'Send the CSV file with Content-Type: text/csv.', 'body');
  }
  return body;
}

/** `?encoding=`: auto (the default), utf-8 or shift_jis. */
export function csvEncoding(encoding: string | undefined): CsvUploadEncoding {
  if (encoding === undefined) return 'auto';
  const known = CSV_ENCODINGS.find((candidate) => candidate === encoding);
  if (!known) {
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'encoding は auto、utf-8、shift_jis のいずれかです。', 'encoding must be auto, utf-8 or shift_jis.', 'encoding');
  }
  return known;
}
