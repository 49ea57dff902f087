import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PointInLog, registerDecider, registerStreamId, withinPoint } from '@grants/domain';
import { EventStore, Upcasters } from '@grants/event-store';
import { StreamReads } from '../../commands/stream-commands.service';
import { evolveSubmissionOverview, SubmissionOverviewRow } from '../submission-overview.projection';
import { STATUS_ROW_COLUMNS } from './submission-status-history.projection';

/**
 * The 提出状況一覧 as it stood at a point: for each insurer registered then, its latest submission_status_history row
 * at or before the point (one indexed look-up each), then the few events recorded since the read model's checkpoint
 * folded on top by the overview's own function, so the rows are those a fold of every stream gives.
 */
@Injectable()
export class SubmissionStatusAsOf {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly upcasters: Upcasters,
    private readonly streams: StreamReads,
  ) {}

  async rows(fiscalYear: string, prefecture: string | undefined, asOf: PointInLog): Promise<SubmissionOverviewRow[]> {
    const register = (await this.streams.load(registerStreamId(fiscalYear), registerDecider, asOf)).state;
    const codes = [...register.insurers.keys()].filter((code) => prefecture === undefined || code.startsWith(prefecture)).sort();
    const [found] = (await this.dataSource.query(
      `SELECT coalesce((SELECT position FROM projection_checkpoints WHERE name = 'submission_status_history'), 0)::text AS checkpoint,
              coalesce((SELECT json_agg(to_json(h)) FROM unnest($2::text[]) AS c(code)
                        CROSS JOIN LATERAL (SELECT ${STATUS_ROW_COLUMNS} FROM submission_status_history s
                                            WHERE s.fiscal_year = $1 AND s.insurer_code = c.code
                                              AND ($3::bigint IS NULL OR s.position <= $3::bigint)
                                              AND ($4::timestamptz IS NULL OR s.last_changed_at <= $4::timestamptz)
                                            ORDER BY s.position DESC LIMIT 1) h), '[]'::json) AS rows`,
      [fiscalYear, codes, asOf.position?.toString() ?? null, asOf.at?.toISOString() ?? null],
    )) as { checkpoint: string; rows: SubmissionOverviewRow[] }[];
    const rows = new Map(found.rows.map((row) => [`submission-${fiscalYear}-${row.insurer_code}`, row]));
    const checkpoint = BigInt(found.checkpoint);
    if (asOf.position === undefined || asOf.position > checkpoint) {
      const wanted = new Set(codes.map((code) => `submission-${fiscalYear}-${code}`));
      for (const event of await this.since(checkpoint, asOf)) {
        if (!wanted.has(event.streamId)) continue;
        const next = evolveSubmissionOverview(rows.get(event.streamId) ?? null, event);
        if (next) rows.set(event.streamId, next);
      }
    }
    return codes.flatMap((code) => rows.get(`submission-${fiscalYear}-${code}`) ?? []);
  }

  /** The events recorded after the read model's checkpoint, up to the point. */
  private async since(after: bigint, asOf: PointInLog) {
    const events = [];
    for (let from = after; ; ) {
      const page = await this.store.readAll({ after: from, maxCount: 1000 });
      for (const event of page) {
        if (asOf.position !== undefined && event.position > asOf.position) return events;
        if (withinPoint(asOf, event)) events.push(this.upcasters.upcast(event));
      }
      if (page.length < 1000) return events;
      from = page[page.length - 1].position;
    }
  }
}
