import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { submissionDecider, submissionStreamId } from '@grants/domain';
import { assertInsurerScope } from '../../auth/scope';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { GetSubmission, SubmissionView } from './get-submission.query';

@QueryHandler(GetSubmission)
export class GetSubmissionHandler implements IQueryHandler<GetSubmission> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
  ) {}

  async execute({ fiscalYear, insurerCode, actor }: GetSubmission): Promise<SubmissionView> {
    assertInsurerScope(actor, insurerCode);
    await this.views.openedYear(fiscalYear);
    const insurer = await this.views.registeredInsurer(fiscalYear, insurerCode);
    const { state, version, events } = await this.streams.load(submissionStreamId(fiscalYear, insurerCode), submissionDecider);
    return {
      fiscalYear,
      insurer,
      status: state.status === 'absent' ? 'not_started' : state.status,
      answers: state.answers,
      corrections: state.corrections,
      reopenUntil: state.status === 'returned' ? (state.reopenUntil ?? null) : null,
      version: version.toString(),
      history: events.map((event) => ({
        type: event.type,
        at: event.recordedAt.toISOString(),
        actorId: event.metadata.actorId,
        role: event.metadata.actorRole,
        organisationCode: event.metadata.organisationCode,
        reason: event.metadata.reason ?? null,
        version: event.streamVersion.toString(),
      })),
    };
  }
}
