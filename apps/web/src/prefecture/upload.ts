import { ApiError } from '../api/client';
import { type FileIssue, uploadFile as sendFile } from '../api/upload';

export type { FileIssue } from '../api/upload';

/**
 * A file POSTed to the API with its progress as the browser reports it while the bytes leave. The answer is the API's
 * JSON, or an ApiError with its body.
 */
export async function uploadFile<T>(path: string, file: Blob, contentType: string, onProgress: (sent: number, total: number) => void): Promise<T> {
  const outcome = await sendFile<T>(path, file, contentType, onProgress, () => onProgress(file.size, file.size), 'POST');
  if (outcome.ok) return outcome.body;
  throw new ApiError(outcome.status, outcome.error);
}

/** POST …/answers-import's answer (import-answers.command.ts AnswersImported). */
export interface AnswersImportResult {
  readonly fiscalYear: string;
  readonly prefectureCode: string;
  readonly rows: number;
  readonly insurers: number;
  readonly applied: number;
  readonly encoding: string;
  readonly sha256: string;
}

/** An insurer whose answers the service would refuse (409 IMPORT.REFUSED). */
export interface RefusedInsurer {
  readonly insurerCode: string;
  readonly code: string;
  readonly message: string;
}

/** What a refused import says, sorted into what the screen lists. */
export function importProblems(error: ApiError): { issues: FileIssue[]; refused: RefusedInsurer[]; notLandedLines: number[] } {
  const details = error.body?.details;
  if (error.code === 'IMPORT.REFUSED' && Array.isArray(details)) return { issues: [], refused: details as RefusedInsurer[], notLandedLines: [] };
  if (error.code === 'IMPORT.INTERRUPTED' && details && typeof details === 'object' && 'notLandedLines' in details) {
    return { issues: [], refused: [], notLandedLines: (details as { notLandedLines: number[] }).notLandedLines };
  }
  if (Array.isArray(details)) return { issues: (details as FileIssue[]).filter((d) => typeof d === 'object' && d !== null && 'line' in d), refused: [], notLandedLines: [] };
  return { issues: [], refused: [], notLandedLines: [] };
}
