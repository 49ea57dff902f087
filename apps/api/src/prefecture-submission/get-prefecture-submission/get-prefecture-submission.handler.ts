import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { prefectureSubmissionDecider, prefectureSubmissionStreamId } from '@grants/domain';
import { assertPrefectureScope } from '../../auth/scope';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { GetPrefectureSubmission, PrefectureSubmissionView } from './get-prefecture-submission.query';

@QueryHandler(GetPrefectureSubmission)
export class GetPrefectureSubmissionHandler implements IQueryHandler<GetPrefectureSubmission> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
  ) {}

  async execute({ fiscalYear, prefectureCode, actor }: GetPrefectureSubmission): Promise<PrefectureSubmissionView> {
    assertPrefectureScope(actor, prefectureCode);
    await this.views.openedYear(fiscalYear);
    const { state, version } = await this.streams.load(prefectureSubmissionStreamId(fiscalYear, prefectureCode), prefectureSubmissionDecider);
    return {
      fiscalYear,
      prefectureCode,
      status: state.status === 'absent' ? 'not_started' : state.status,
      answers: state.answers,
      corrections: state.corrections,
      requested: state.requested ?? null,
      version: version.toString(),
    };
  }
}
