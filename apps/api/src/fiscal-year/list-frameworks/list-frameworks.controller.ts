import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { ListFrameworks } from './list-frameworks.query';

@ApiTags('fiscal-years 年度')
@ApiBearerAuth()
@Controller('frameworks')
export class ListFrameworksController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 同梱の指標体系: id, level, fiscal year and title of each framework a year can be opened with (opening screen). */
  @Get()
  @Roles('national-admin', 'national-reviewer', 'auditor')
  async list() {
    return this.queryBus.execute(new ListFrameworks());
  }
}
