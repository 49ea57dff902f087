import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';
import type { FiguresFileEncoding } from './import-national-figures.command';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The upload itself: raw bytes, which arrive as such with `Content-Type: text/csv` or the XLSX type (see app.factory.ts). */
@Injectable()
export class FiguresFilePipe implements PipeTransform<unknown, Buffer> {
  transform(body: unknown): Buffer {
    if (!Buffer.isBuffer(body)) {
      throw new DomainError(
        'invalid',
        'CSV.CONTENT_TYPE',
        `Content-Type: text/csv（CSV）または ${XLSX_CONTENT_TYPE}（XLSX）でファイルを送ってください。`,
        `Send the file with Content-Type: text/csv (CSV) or ${XLSX_CONTENT_TYPE} (XLSX).`,
        'body',
      );
    }
    return body;
  }
}

const ENCODINGS: readonly FiguresFileEncoding[] = ['auto', 'utf-8', 'shift_jis'];
const isEncoding = (value: string): value is FiguresFileEncoding => (ENCODINGS as readonly string[]).includes(value);

/** `?encoding=auto|utf-8|shift_jis` for CSV, `auto` when absent. */
@Injectable()
export class FiguresEncodingPipe implements PipeTransform<string | undefined, FiguresFileEncoding> {
  transform(value: string | undefined): FiguresFileEncoding {
    if (value === undefined) return 'auto';
    if (!isEncoding(value)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'encoding は auto、utf-8、shift_jis のいずれかです。', 'encoding must be auto, utf-8 or shift_jis.', 'encoding');
    }
    return value;
  }
}
