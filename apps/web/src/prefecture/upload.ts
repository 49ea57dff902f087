import { ApiError, currentBearer } from '../api/client';
import type { ErrorBody } from '../api/types';

/**
 * A file sent to the API with its progress as the browser reports it while the bytes leave (fetch has no upload
 * progress: XMLHttpRequest's `upload.onprogress` does). The answer is the API's JSON, or an ApiError with its body.
 */
export function uploadFile<T>(path: string, file: Blob, contentType: string, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.setRequestHeader('Content-Type', contentType);
    const token = currentBearer();
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.responseType = 'text';
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.upload.onload = () => onProgress(file.size, file.size);
    request.onerror = () => reject(new ApiError(0, undefined));
    request.onload = () => {
      let body: unknown;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) resolve(body as T);
      else reject(new ApiError(request.status, body as ErrorBody | undefined));
    };
    request.send(file);
  });
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

/** A problem of the file where a person finds it: line (header = 1) and column (CsvIssue). */
export interface FileIssue {
  readonly line: number;
  readonly column: string;
  readonly code: string;
  readonly message: string;
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
