import { Query } from '@nestjs/cqrs';
import type { ReportEncoding, ReportFormat } from './get-calculation-report.request';

export interface CalculationReportFile {
  /** Which calculation the amounts are of (試算3, 確定, 再算定1), for the X-Calculation header. */
  readonly label: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** 交付額一覧 of the amounts in force, in a published shape: CSV (UTF-8 with BOM, or Shift_JIS) or XLSX, in 千円. */
export class GetCalculationReport extends Query<CalculationReportFile> {
  constructor(
    readonly fiscalYear: string,
    readonly format: ReportFormat,
    readonly encoding: ReportEncoding,
  ) {
    super();
  }
}
