import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { DomainError } from '@grants/domain';
import { assertPrefectureScope } from '../../auth/scope';
import { currentAsOf } from '../../common/as-of';
import type { SubmissionOverviewRow } from '../submission-overview.projection';
import { ListedSubmission, ListSubmissions, SubmissionList } from './list-submissions.query';
import { SubmissionStatusAsOf } from './submission-status-as-of';

export const STATUSES = ['draft', 'submitted', 'returned'];

/** A submission_overview row as listed: from the table, or as of a point (the time as a Date or ISO text). */
type ListedRow = Omit<SubmissionOverviewRow, 'fiscal_year' | 'last_position' | 'last_changed_at'> & { readonly last_changed_at: Date | string };

/** Now from the submission_overview read model; as of a point from submission_status_history. */
@QueryHandler(ListSubmissions)
export class ListSubmissionsHandler implements IQueryHandler<ListSubmissions> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly asOf: SubmissionStatusAsOf,
  ) {}

  async execute({ fiscalYear, prefecture, status, actor }: ListSubmissions): Promise<SubmissionList> {
    if (prefecture !== undefined) assertPrefectureScope(actor, prefecture);
    else if (actor.role === 'prefecture' || actor.role === 'insurer') {
      throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全国の一覧は国の担当者のみ参照できます。?prefecture= を指定してください。', 'Only national users may list every prefecture; pass ?prefecture=.');
    }
    // After the scope check, as before: an out-of-scope caller learns nothing about the parameters.
    if (status !== undefined && !STATUSES.includes(status)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', `status は ${STATUSES.join('、')} のいずれかです。`, `status must be one of ${STATUSES.join(', ')}.`, 'status');
    }
    const point = currentAsOf();
    const rows: ListedRow[] = point
      ? (await this.asOf.rows(fiscalYear, prefecture, point)).filter((row) => status === undefined || row.status === status)
      : await this.dataSource.query<ListedRow[]>(
          `SELECT insurer_code, prefecture_code, status, returned_count, corrected_count, version::text AS version, last_event_type, last_changed_at
           FROM submission_overview
           WHERE fiscal_year = $1 AND ($2::text IS NULL OR prefecture_code = $2) AND ($3::text IS NULL OR status = $3)
           ORDER BY insurer_code LIMIT 5000`,
          [fiscalYear, prefecture ?? null, status ?? null],
        );
    return { fiscalYear, count: rows.length, submissions: rows.map(listed) };
  }
}

function listed(row: ListedRow): ListedSubmission {
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
