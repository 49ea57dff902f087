import { Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import { TIMELINE_FIELDS } from '@grants/domain';
import { FiscalYearPipe } from '../../common/path-params';
import { RecipientCodePipe, TimelineFieldsPipe } from '../audit-params';
import { AuditController } from '../audit-path';
import { GetRecipientTimeline } from './recipient-timeline.query';

@AuditController()
export class RecipientTimelineController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 変更履歴: every change of one recipient (insurer or prefecture) with who, role, when, why, command and before/after. */
  @Get('fiscal-years/:fiscalYear/timeline/:code')
  @ApiQuery({ name: 'fields', required: false, description: `comma-separated: ${TIMELINE_FIELDS.join(', ')}` })
  timeline(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('code', RecipientCodePipe) code: string, @Query('fields', TimelineFieldsPipe) fields: string[] | undefined) {
    return this.queryBus.execute(new GetRecipientTimeline(fiscalYear, code, fields));
  }
}
