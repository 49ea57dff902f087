import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';

/** How a CSV upload is decoded: detected (UTF-8 with or without BOM, else Shift_JIS), or as named. XLSX ignores it. */
export type FiguresFileEncoding = 'auto' | 'utf-8' | 'shift_jis';

export interface RecordedFromFile {
  readonly indicatorId: string;
  readonly count: number;
  readonly version: string;
  /** True when this indicator's figures from this very file had been recorded by an earlier send. */
  readonly idempotentReplay: boolean;
}

export interface NationalFiguresImported {
  readonly format: 'csv' | 'xlsx';
  readonly layout: 'long' | 'wide';
  readonly encoding: string;
  readonly sha256: string;
  readonly rows: number;
  readonly indicators: readonly RecordedFromFile[];
  /** Indicators whose figures this request recorded; the others had landed with an earlier send of the same file. */
  readonly applied: number;
  /** The national figures stream's version after the import (the ETag). */
  readonly version: string;
}

/**
 * 国の数値の一括取込: one CSV or XLSX file with the figures of one or every numeric indicator, checked whole, then
 * recorded as one RecordNationalFigures per indicator keyed by the file's hash (re-sending it stores nothing twice).
 */
export class ImportNationalFigures extends Command<NationalFiguresImported> {
  constructor(
    readonly fiscalYear: string,
    readonly file: Buffer,
    readonly encoding: FiguresFileEncoding,
    readonly actor: Actor,
    readonly requestId: string | undefined,
  ) {
    super();
  }
}
