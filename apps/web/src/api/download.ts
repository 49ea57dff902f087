import { ApiError, currentBearer } from './client';
import type { ErrorBody } from './types';

/**
 * A file the API answers (a report, an export) saved as the browser saves a download. The token lives in
 * sessionStorage, not in a cookie, so a plain link would arrive unauthenticated: the file is fetched with the bearer
 * header and handed to the browser as a blob under the name the API gives (Content-Disposition).
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const token = currentBearer();
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    throw new ApiError(response.status, body);
  }
  const name = fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

function fileNameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]);
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}
