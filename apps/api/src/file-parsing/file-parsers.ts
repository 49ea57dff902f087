import { CodedError, DomainError, Framework, parseAnswersFile, parseNationalFiguresFile, parseRegisterCsv, RefusalKind } from '@grants/domain';

export type UploadEncoding = 'auto' | 'utf-8' | 'shift_jis';

/** Bytes cross to a worker as a Uint8Array (structured clone drops Buffer's prototype): seen as a Buffer again. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The uploads' parsers, run in a worker thread (file-parsing.pool.ts): decoding, parsing and checking a whole file is
 * the one piece of a request whose cost grows with a 20 MB body. Inputs and results are plain data, Maps and Sets,
 * which cross between threads by structured clone.
 */
export const FILE_PARSERS = {
  register: ({ bytes, encoding }: { bytes: Uint8Array; encoding: UploadEncoding }) => parseRegisterCsv(asBuffer(bytes), encoding),
  answers: ({ bytes, framework, scope, encoding }: { bytes: Uint8Array; framework: Framework; scope: { prefectureCode?: string; registered: ReadonlySet<string> }; encoding: UploadEncoding }) =>
    parseAnswersFile(asBuffer(bytes), framework, scope, encoding),
  nationalFigures: ({ bytes, indicators, encoding }: { bytes: Uint8Array; indicators: ReadonlyMap<string, ReadonlySet<string>>; encoding: UploadEncoding }) =>
    parseNationalFiguresFile(asBuffer(bytes), { indicators }, encoding),
};

export type FileParsers = typeof FILE_PARSERS;
export type FileParserName = keyof FileParsers;
export type FileParserInput<K extends FileParserName> = Parameters<FileParsers[K]>[0];
export type FileParserOutput<K extends FileParserName> = Awaited<ReturnType<FileParsers[K]>>;

/** A refusal as it crosses back from the worker: everything the error filter answers with. */
export interface RefusalMessage {
  readonly kind: RefusalKind;
  readonly code: string;
  readonly messageJa: string;
  readonly messageEn: string;
  readonly field?: string;
  readonly details?: unknown;
}

export function refusalMessage(error: unknown): RefusalMessage | undefined {
  if (!(error instanceof CodedError) || error.kind === undefined) return undefined;
  const { field, details } = error as CodedError & { field?: string; details?: unknown };
  return { kind: error.kind, code: error.code, messageJa: error.messageJa, messageEn: error.messageEn, field, details };
}

export function refusalFrom(message: RefusalMessage): DomainError {
  return new DomainError(message.kind, message.code, message.messageJa, message.messageEn, message.field, message.details);
}
