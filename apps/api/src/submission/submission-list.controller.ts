import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError, isPrefectureCode, SUBMISSION_EVENT_TYPES, submissionStreamId } from '@grants/domain';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { assertPrefectureScope } from '../auth/scope';
import { StreamCommands } from '../commands/stream-commands.service';
import { currentAsOf } from '../common/as-of';
import { checkLabel, FiscalYearReader } from '../fiscal-year/fiscal-year.reader';
import { evolveSubmissionOverview, SubmissionOverviewRow } from './submission-overview.projection';

const STATUSES = ['draft', 'submitted', 'returned'];

@ApiTags('submissions 自己評価')
@ApiBearerAuth()
@Controller('fiscal-years/:fiscalYear/submissions')
export class SubmissionListController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: StreamCommands,
    private readonly reader: FiscalYearReader,
  ) {}

  /**
   * 提出状況一覧 from the submission_overview read model: nationally, or one prefecture's (?prefecture=24). With
   * `?asOf=` the rows are folded from the registered insurers' streams as they stood then, by the projection's own
   * pure function, so the past reads exactly as the read model would have shown it.
   */
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
    if (prefecture !== undefined && !isPrefectureCode(prefecture)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'prefecture は都道府県コード（01〜47）です。', 'prefecture is a prefecture code, 01–47.', 'prefecture');
    }
    if (prefecture !== undefined) assertPrefectureScope(actor, prefecture);
    else if (actor.role === 'prefecture' || actor.role === 'insurer') {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全国の一覧は国の担当者のみ参照できます。?prefecture= を指定してください。', 'Only national users may list every prefecture; pass ?prefecture=.');
    }
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', `status は ${STATUSES.join('、')} のいずれかです。`, `status must be one of ${STATUSES.join(', ')}.`, 'status');
    }
    const rows = currentAsOf()
      ? await this.rowsAsOf(fiscalYear, prefecture, status)
      : await this.dataSource.query<ListedRow[]>(
          `SELECT insurer_code, prefecture_code, status, returned_count, corrected_count, version::text AS version, last_event_type, last_changed_at
           FROM submission_overview
           WHERE fiscal_year = $1 AND ($2::text IS NULL OR prefecture_code = $2) AND ($3::text IS NULL OR status = $3)
           ORDER BY insurer_code LIMIT 5000`,
          [fiscalYear, prefecture ?? null, status ?? null],
        );
    return { fiscalYear, count: rows.length, submissions: rows.map(listed) };
  }

  /** The rows as they stood at the request's as-of point, folded from the streams by the projection's own function. */
  private async rowsAsOf(fiscalYear: string, prefecture: string | undefined, status: string | undefined): Promise<ListedRow[]> {
    const register = await this.reader.register(fiscalYear);
    const codes = [...register.insurers.keys()].filter((code) => prefecture === undefined || code.startsWith(prefecture)).sort();
    const fold = { initialState: null as SubmissionOverviewRow | null, evolve: evolveSubmissionOverview, eventTypes: SUBMISSION_EVENT_TYPES };
    const rows: ListedRow[] = [];
    for (const code of codes) {
      const row = (await this.commands.load(submissionStreamId(fiscalYear, code), fold)).state;
      if (row && (status === undefined || row.status === status)) rows.push(row);
    }
    return rows;
  }
}

/** A submission_overview row as listed: from the table, or folded as of a point (the time as a Date or ISO text). */
type ListedRow = Omit<SubmissionOverviewRow, 'fiscal_year' | 'last_position' | 'last_changed_at'> & { readonly last_changed_at: Date | string };

function listed(row: ListedRow) {
  return {
    insurerCode: row.insurer_code,
    prefectureCode: row.prefecture_code,
    status: row.status,
    returnedCount: row.returned_count,
    correctedCount: row.corrected_count,
    version: row.version,
    lastEventType: row.last_event_type,
    lastChangedAt: row.last_changed_at,
  };
}
