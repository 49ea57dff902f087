import { Query } from '@nestjs/cqrs';
import type { ReportEncoding, ReportFormat } from './get-calculation-report.request';

export interface CalculationReportFile {
  /** Which calculation the amounts are of (試算3, 確定, 再算定1), for the X-Calculation header. */
  readonly label: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/** 交付額一覧 of the amounts in force (or of a named calculation), in a published shape: CSV (UTF-8 with BOM, or Shift_JIS) or XLSX, in 千円. */
export class GetCalculationReport extends Query<CalculationReportFile> {
  constructor(
    readonly fiscalYear: string,
    readonly format: ReportFormat,
    readonly encoding: ReportEncoding,
    /** `trial:2`, `final`, `recalculation:1`; absent: the calculation in force. */
    readonly calculation?: string,
  ) {
    super();
  }
}
