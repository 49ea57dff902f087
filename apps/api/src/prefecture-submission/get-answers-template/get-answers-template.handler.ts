import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { answersTemplateCsv, answersTemplateRows, answersTemplateXlsx, selfAssessedIndicators, TemplateInsurer } from '@grants/domain';
import { assertPrefectureScope } from '../../auth/scope';
import { FiscalYearReads } from '../../fiscal-year/fiscal-year.reader';
import { AnswersTemplateFile, GetAnswersTemplate } from './get-answers-template.query';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@QueryHandler(GetAnswersTemplate)
export class GetAnswersTemplateHandler implements IQueryHandler<GetAnswersTemplate> {
  constructor(private readonly reads: FiscalYearReads) {}

  async execute({ fiscalYear, prefectureCode, format, encoding, actor }: GetAnswersTemplate): Promise<AnswersTemplateFile> {
    assertPrefectureScope(actor, prefectureCode);
    const year = await this.reads.openedYear(fiscalYear);
    const register = await this.reads.register(fiscalYear);
    const municipalities = [...register.insurers.values()].filter((insurer) => insurer.prefectureCode === prefectureCode).sort((a, b) => (a.code < b.code ? -1 : 1));
    const insurers: TemplateInsurer[] = [];
    for (const { code, name } of municipalities) insurers.push({ code, name, answers: (await this.reads.submission(fiscalYear, code)).state.answers });
    const rows = answersTemplateRows(insurers, [...selfAssessedIndicators(year.municipalFramework).values()]);
    const base = `answers-template-${fiscalYear}-${prefectureCode}`;
    if (format === 'xlsx') return { fileName: `${base}.xlsx`, contentType: XLSX, body: await answersTemplateXlsx(rows) };
    return { fileName: `${base}.csv`, contentType: `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}`, body: answersTemplateCsv(rows, encoding) };
  }
}
