import { Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@grants/domain';
import type { CsvEncodingOption } from './import-answers.command';

/** The upload itself: raw bytes, which only arrive as such with `Content-Type: text/csv` or XLSX's (see app.factory.ts). */
@Injectable()
export class CsvFilePipe implements PipeTransform<unknown, Buffer> {
  transform(body: unknown): Buffer {
    if (!Buffer.isBuffer(body)) {
      throw new DomainError(
        'invalid',
        'CSV.CONTENT_TYPE',
        'CSV ファイルは Content-Type: text/csv で、Excel ファイル（.xlsx）は Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet で送ってください。',
        'Send the CSV file with Content-Type: text/csv, or the Excel workbook (.xlsx) with Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.',
        'body',
      );
    }
    return body;
  }
}

const ENCODINGS: readonly CsvEncodingOption[] = ['auto', 'utf-8', 'shift_jis'];
const isEncoding = (value: string): value is CsvEncodingOption => (ENCODINGS as readonly string[]).includes(value);

/** `?encoding=auto|utf-8|shift_jis`, `auto` when absent. */
@Injectable()
export class CsvEncodingPipe implements PipeTransform<string | undefined, CsvEncodingOption> {
  transform(value: string | undefined): CsvEncodingOption {
    if (value === undefined) return 'auto';
    if (!isEncoding(value)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'encoding は auto、utf-8、shift_jis のいずれかです。', 'encoding must be auto, utf-8 or shift_jis.', 'encoding');
    }
    return value;
  }
}
