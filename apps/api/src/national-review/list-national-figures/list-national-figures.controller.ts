import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { ListNationalFigures } from './list-national-figures.query';

@ApiTags('national-review 国の審査')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/national-figures')
export class ListNationalFiguresController {
  constructor(private readonly queryBus: QueryBus) {}

  /** The national figures recorded so far, by indicator: every one for national users and auditors, else those in scope. */
  @Get()
  async list(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new ListNationalFigures(fiscalYear, actor));
  }
}
