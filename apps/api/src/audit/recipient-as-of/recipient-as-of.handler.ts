import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { historyAsOf, recipientView } from '@grants/domain';
import { RecipientEvents } from '../recipient-events';
import { GetRecipientAsOf, RecipientAsOfView } from './recipient-as-of.query';

/** Folds only the events the audit index names for the recipient up to the point: its view is the whole year's. */
@QueryHandler(GetRecipientAsOf)
export class GetRecipientAsOfHandler implements IQueryHandler<GetRecipientAsOf> {
  constructor(private readonly recipients: RecipientEvents) {}

  async execute({ fiscalYear, code }: GetRecipientAsOf): Promise<RecipientAsOfView> {
    const { events, yearHead } = await this.recipients.read(fiscalYear, code);
    return { fiscalYear, code, position: yearHead.toString(), view: recipientView(historyAsOf(fiscalYear, events), code) };
  }
}
