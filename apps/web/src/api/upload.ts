import { asOfRefusal } from '../audit/as-of-mode';
import { sessionHeaders } from './client';
import type { ErrorBody } from './types';

/** One problem of a refused file, where a person finds it: physical line (header = 1) and column. */
export interface FileIssue {
  readonly line: number;
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

/** The type an Excel workbook (.xlsx) is sent with. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook by its type or name (the service tells CSV and XLSX apart by the file's first bytes in any case). */
export const isWorkbook = (file: File): boolean => file.type === XLSX_CONTENT_TYPE || /\.xlsx$/i.test(file.name);

export type UploadOutcome<T> = { readonly ok: true; readonly body: T } | { readonly ok: false; readonly status: number; readonly error: ErrorBody | undefined };

/**
 * Sends a file as the raw body of a PUT or POST with the session's cookie and CSRF header, reporting the bytes sent
 * (XMLHttpRequest is the browser's one API with upload progress). The service answers once its parsing worker has read
 * the whole file.
 */
export function uploadFile<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (sent: number, total: number) => void,
  onSent: () => void,
  method: 'PUT' | 'POST' = 'PUT',
): Promise<UploadOutcome<T>> {
  const refusal = asOfRefusal(method, path);
  if (refusal) return Promise.resolve({ ok: false, status: refusal.statusCode, error: refusal });
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open(method, path);
    for (const [name, value] of Object.entries(sessionHeaders(method))) request.setRequestHeader(name, value);
    request.setRequestHeader('Content-Type', contentType);
    request.responseType = 'text';
    request.upload.addEventListener('progress', (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size));
    request.upload.addEventListener('load', () => onSent());
    request.addEventListener('load', () => {
      let body: unknown;
      try {
        body = request.responseText ? JSON.parse(request.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) resolve({ ok: true, body: body as T });
      else resolve({ ok: false, status: request.status, error: body as ErrorBody | undefined });
    });
    request.addEventListener('error', () => resolve({ ok: false, status: 0, error: undefined }));
    request.send(file);
  });
}

/** The issues of a refused file (`details` of CSV.INVALID and the file limits), or none. */
export function issuesOf(error: ErrorBody | undefined): FileIssue[] {
  const details = error?.details;
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is FileIssue => typeof d === 'object' && d !== null && typeof (d as FileIssue).line === 'number');
}
