import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { answersTemplateCsv, answersTemplateRows, answersTemplateXlsx, selfAssessedIndicators, submissionDecider, submissionStreamId, TemplateInsurer } from '@grants/domain';
import { assertPrefectureScope } from '../../auth/scope';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { AnswersTemplateFile, GetAnswersTemplate } from './get-answers-template.query';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@QueryHandler(GetAnswersTemplate)
export class GetAnswersTemplateHandler implements IQueryHandler<GetAnswersTemplate> {
  constructor(
    private readonly views: YearViews,
    private readonly streams: StreamReads,
  ) {}

  async execute({ fiscalYear, prefectureCode, format, encoding, actor }: GetAnswersTemplate): Promise<AnswersTemplateFile> {
    assertPrefectureScope(actor, prefectureCode);
    const year = await this.views.openedYearWithFrameworks(fiscalYear);
    const municipalities = [...(await this.views.register(fiscalYear, prefectureCode))].sort((a, b) => (a.code < b.code ? -1 : 1));
    const insurers: TemplateInsurer[] = [];
    for (const { code, name } of municipalities) {
      insurers.push({ code, name, answers: (await this.streams.load(submissionStreamId(fiscalYear, code), submissionDecider)).state.answers });
    }
    const rows = answersTemplateRows(insurers, [...selfAssessedIndicators(year.municipalFramework).values()]);
    const base = `answers-template-${fiscalYear}-${prefectureCode}`;
    if (format === 'xlsx') return { fileName: `${base}.xlsx`, contentType: XLSX, body: await answersTemplateXlsx(rows) };
    return { fileName: `${base}.csv`, contentType: `text/csv; charset=${encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}`, body: answersTemplateCsv(rows, encoding) };
  }
}
