import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { nationalFiguresDecider, nationalFiguresStreamId } from '@grants/domain';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { ListNationalFigures, NationalFiguresView } from './list-national-figures.query';

@QueryHandler(ListNationalFigures)
export class ListNationalFiguresHandler implements IQueryHandler<ListNationalFigures> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
  ) {}

  async execute({ fiscalYear }: ListNationalFigures): Promise<NationalFiguresView> {
    await this.views.openedYear(fiscalYear);
    const { state } = await this.streams.load(nationalFiguresStreamId(fiscalYear), nationalFiguresDecider);
    return { fiscalYear, figures: state.byIndicator };
  }
}
