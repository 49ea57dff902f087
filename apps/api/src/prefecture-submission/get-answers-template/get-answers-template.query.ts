import { Query } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';
import type { TemplateEncoding, TemplateFormat } from './get-answers-template.request';

export interface AnswersTemplateFile {
  readonly fileName: string;
  readonly contentType: string;
  readonly body: Buffer;
}

/**
 * 回答テンプレート of a prefecture: a row per municipality and self-assessed indicator with the allowed values and the
 * current answer, in the layout the bulk answers import reads back (CSV, or XLSX with drop-down lists).
 */
export class GetAnswersTemplate extends Query<AnswersTemplateFile> {
  constructor(
    readonly fiscalYear: string,
    readonly prefectureCode: string,
    readonly format: TemplateFormat,
    readonly encoding: TemplateEncoding,
    readonly actor: Actor,
  ) {
    super();
  }
}
