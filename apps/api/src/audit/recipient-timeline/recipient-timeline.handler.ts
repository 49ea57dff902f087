import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { recipientTimeline } from '@grants/domain';
import { RecipientEvents } from '../recipient-events';
import { GetRecipientTimeline, RecipientTimelineView } from './recipient-timeline.query';

/** Folds only the events the audit index names for the recipient (and for every recipient): the same entries as the whole year. */
@QueryHandler(GetRecipientTimeline)
export class GetRecipientTimelineHandler implements IQueryHandler<GetRecipientTimeline> {
  constructor(private readonly recipients: RecipientEvents) {}

  async execute({ fiscalYear, code, fields }: GetRecipientTimeline): Promise<RecipientTimelineView> {
    const { events } = await this.recipients.read(fiscalYear, code);
    const { entries, view } = recipientTimeline(fiscalYear, code, events, { fields });
    return { fiscalYear, code, entries, current: view };
  }
}
