import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { RegisterController } from '../register-path';
import { ListInsurers } from './list-insurers.query';

@RegisterController()
export class ListInsurersController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 保険者名簿 as far as the caller's scope reaches, optionally one prefecture's (in scope). */
  @Get()
  @ApiQuery({ name: 'prefecture', required: false })
  async list(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Query('prefecture') prefecture: string | undefined, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new ListInsurers(fiscalYear, prefecture, actor));
  }
}
