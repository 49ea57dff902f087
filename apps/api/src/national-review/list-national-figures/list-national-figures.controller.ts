import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FiscalYearPipe } from '../../common/path-params';
import { ListNationalFigures } from './list-national-figures.query';

@ApiTags('national-review 国の審査')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/national-figures')
export class ListNationalFiguresController {
  constructor(private readonly queryBus: QueryBus) {}

  /** The national figures recorded so far, by indicator. */
  @Get()
  async list(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string) {
    return this.queryBus.execute(new ListNationalFigures(fiscalYear));
  }
}
