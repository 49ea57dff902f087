import { Controller, Get, Injectable, Param, PipeTransform, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DomainError, isPrefectureCode } from '@grants/domain';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { STATUSES } from './list-submissions.handler';
import { ListSubmissions } from './list-submissions.query';

/** `?prefecture=24`, when given. */
@Injectable()
export class PrefectureQueryPipe implements PipeTransform<string | undefined, string | undefined> {
  transform(prefecture: string | undefined): string | undefined {
    if (prefecture === undefined || isPrefectureCode(prefecture)) return prefecture;
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'prefecture は都道府県コード（01〜47）です。', 'prefecture is a prefecture code, 01–47.', 'prefecture');
  }
}

@ApiTags('submissions 自己評価')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/submissions')
export class ListSubmissionsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 提出状況一覧: nationally, or one prefecture's (?prefecture=24); with `?asOf=`, as the list stood then. */
  @Get()
  @ApiQuery({ name: 'prefecture', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  list(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Query('prefecture', PrefectureQueryPipe) prefecture: string | undefined,
    @Query('status') status: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.queryBus.execute(new ListSubmissions(fiscalYear, prefecture, status, actor));
  }
}
