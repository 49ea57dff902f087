import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { nationalFiguresDecider, nationalFiguresStreamId } from '@grants/domain';
import { canActForInsurer, canActForPrefecture } from '../../auth/scope';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { ListNationalFigures, NationalFiguresView } from './list-national-figures.query';

@QueryHandler(ListNationalFigures)
export class ListNationalFiguresHandler implements IQueryHandler<ListNationalFigures> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
  ) {}

  async execute({ fiscalYear, actor }: ListNationalFigures): Promise<NationalFiguresView> {
    await this.views.openedYear(fiscalYear);
    const { state } = await this.streams.load(nationalFiguresStreamId(fiscalYear), nationalFiguresDecider);
    // A figure is an insurer's (6 digits) or a prefecture's (2 digits): shown to whoever may read that organisation.
    const inScope = (code: string) => (code.length === 6 ? canActForInsurer(actor, code) : canActForPrefecture(actor, code));
    const figures = Object.fromEntries(Object.entries(state.byIndicator).map(([indicatorId, list]) => [indicatorId, list.filter((figure) => inScope(figure.code))]));
    return { fiscalYear, figures };
  }
}
