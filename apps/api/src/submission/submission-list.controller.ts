import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { assertPrefectureScope } from '../auth/scope';
import { checkLabel } from '../fiscal-year/fiscal-year.reader';

const STATUSES = ['draft', 'submitted', 'returned'];

@ApiTags('submissions 自己評価')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/submissions')
export class SubmissionListController {
  constructor(private readonly dataSource: DataSource) {}

  /** 提出状況一覧 from the submission_overview read model: nationally, or one prefecture's (?prefecture=24). */
  @Get()
  @ApiQuery({ name: 'prefecture', required: false })
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  async list(
    @Param('fiscalYear') fiscalYear: string,
    @Query('prefecture') prefecture: string | undefined,
    @Query('status') status: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    checkLabel(fiscalYear);
    if (prefecture !== undefined) assertPrefectureScope(actor, prefecture);
    else if (actor.role === 'prefecture' || actor.role === 'insurer') {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全国の一覧は国の担当者のみ参照できます。?prefecture= を指定してください。', 'Only national users may list every prefecture; pass ?prefecture=.');
    }
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', `status は ${STATUSES.join('、')} のいずれかです。`, `status must be one of ${STATUSES.join(', ')}.`, 'status');
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT insurer_code AS "insurerCode", prefecture_code AS "prefectureCode", status, returned_count AS "returnedCount",
              corrected_count AS "correctedCount", version::text AS version, last_event_type AS "lastEventType", last_changed_at AS "lastChangedAt"
       FROM submission_overview
       WHERE fiscal_year = $1 AND ($2::text IS NULL OR prefecture_code = $2) AND ($3::text IS NULL OR status = $3)
       ORDER BY insurer_code LIMIT 5000`,
      [fiscalYear, prefecture ?? null, status ?? null],
    );
    return { fiscalYear, count: rows.length, submissions: rows };
  }
}
