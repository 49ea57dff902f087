import { Command } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';

/** How the uploaded bytes are decoded: detected (UTF-8 with or without BOM, else Shift_JIS), or as named. */
export type CsvEncodingOption = 'auto' | 'utf-8' | 'shift_jis';

export interface AnswersImported {
  readonly rows: number;
  readonly insurers: number;
  /** Insurers whose answers this request stored; the others had landed with an earlier send of the same file. */
  readonly applied: number;
  readonly encoding: string;
  readonly sha256: string;
}

/**
 * 自己評価の一括取込: a prefecture's CSV of its municipalities' answers (保険者番号, 指標ID, 回答, [備考]), all or
 * nothing: checked whole first, then saved as one SaveAnswers command per insurer.
 */
export class ImportAnswers extends Command<AnswersImported> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly file: Buffer,
    readonly encoding: CsvEncodingOption,
    readonly actor: Actor,
  ) {
    super();
  }
}
