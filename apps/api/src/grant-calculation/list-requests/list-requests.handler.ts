import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  grantCalculationDecider,
  grantCalculationStreamId,
  PREFECTURES,
  prefectureSubmissionDecider,
  prefectureSubmissionStreamId,
  submissionDecider,
  submissionStreamId,
} from '@grants/domain';
import type { PoolId, RecordedPool } from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { MUNICIPAL_REQUEST_PROJECTION } from '../../submission/municipal-request.projection';
import { ListRequests, RequestAmounts, RequestPoolTotals, RequestRow, RequestsView } from './list-requests.query';

type Requested = { readonly suishinYen: string; readonly shienYen: string; readonly requestedAt: string | null };

const REQUESTS_SQL = `SELECT insurer_code AS "code", suishin_yen AS "suishinYen", shien_yen AS "shienYen", requested_at AS "requestedAt"
  FROM municipal_request WHERE fiscal_year = $1`;

@QueryHandler(ListRequests)
export class ListRequestsHandler implements IQueryHandler<ListRequests> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  async execute({ fiscalYear }: ListRequests): Promise<RequestsView> {
    await this.views.openedYear(fiscalYear);
    const { state } = await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider);
    const draft = state.draft;
    if (!draft) return { fiscalYear, draftTrialNumber: null, publishedAt: null, pools: [], rows: [] };
    const municipalCodes = recipientsOf(draft.pools, 'municipal');
    const requested = new Map([...(await this.municipalRequests(fiscalYear, municipalCodes)), ...(await this.prefectureRequests(fiscalYear))]);
    const rows: RequestRow[] = (['municipal', 'prefectural'] as const).flatMap((level) =>
      recipientsOf(draft.pools, level).map((code) => {
        const request = requested.get(code);
        const amounts = (grant: 'suishin' | 'shien'): RequestAmounts => {
          const draftYen = draftYenOf(draft.pools, `${grant}-${level}`, code);
          const requestedYen = request ? request[`${grant}Yen`] : null;
          return { draftYen, requestedYen, differenceYen: requestedYen === null ? null : (BigInt(requestedYen) - BigInt(draftYen)).toString() };
        };
        return {
          level,
          code,
          suishin: amounts('suishin'),
          shien: amounts('shien'),
          requestedAt: request?.requestedAt ?? null,
        };
      }),
    );
    const pools = draft.pools.map((pool): RequestPoolTotals => {
      const [grant, level] = pool.pool.split('-') as ['suishin' | 'shien', 'municipal' | 'prefectural'];
      const asks = rows.filter((r) => r.level === level && r[grant].requestedYen !== null).map((r) => r[grant]);
      const below = asks.filter((a) => BigInt(a.requestedYen!) < BigInt(a.draftYen));
      return {
        pool: pool.pool,
        draftYen: rows.filter((r) => r.level === level).reduce((sum, r) => sum + BigInt(r[grant].draftYen), 0n).toString(),
        requests: asks.length,
        belowDraft: below.length,
        freedYen: below.reduce((sum, a) => sum + BigInt(a.draftYen) - BigInt(a.requestedYen!), 0n).toString(),
      };
    });
    return { fiscalYear, draftTrialNumber: draft.trialNumber, publishedAt: draft.publishedAt, pools, rows };
  }

  /** From the `municipal_request` read model once it has applied the whole log, else from each insurer's stream. */
  private async municipalRequests(fiscalYear: string, codes: readonly string[]): Promise<Map<string, Requested>> {
    const requests = new Map<string, Requested>();
    const checkpoint: { position: string }[] = await this.dataSource.query('SELECT position::text AS position FROM projection_checkpoints WHERE name = $1', [MUNICIPAL_REQUEST_PROJECTION]);
    if (checkpoint.length > 0 && BigInt(checkpoint[0].position) >= (await this.store.headPosition())) {
      const rows: { code: string; suishinYen: string; shienYen: string; requestedAt: Date | string }[] = await this.dataSource.query(REQUESTS_SQL, [fiscalYear]);
      for (const row of rows) requests.set(row.code, { suishinYen: row.suishinYen, shienYen: row.shienYen, requestedAt: new Date(row.requestedAt).toISOString() });
      return requests;
    }
    for (const code of codes) {
      const { state, events } = await this.streams.load(submissionStreamId(fiscalYear, code), submissionDecider);
      const last = events.filter((e) => e.type === 'MunicipalAmountsRequested').at(-1);
      if (state.requested) requests.set(code, { ...state.requested, requestedAt: last ? (last.data as { requestedAt: string }).requestedAt : null });
    }
    return requests;
  }

  private async prefectureRequests(fiscalYear: string): Promise<Map<string, Requested>> {
    const requests = new Map<string, Requested>();
    for (const { code } of PREFECTURES) {
      const { state } = await this.streams.load(prefectureSubmissionStreamId(fiscalYear, code), prefectureSubmissionDecider);
      if (state.requested) requests.set(code, { ...state.requested, requestedAt: null });
    }
    return requests;
  }
}

function recipientsOf(pools: readonly RecordedPool[], level: 'municipal' | 'prefectural'): string[] {
  const codes = new Set(pools.filter((p) => p.pool.endsWith(level)).flatMap((p) => p.recipients.map((r) => r.code)));
  return [...codes].sort();
}

function draftYenOf(pools: readonly RecordedPool[], pool: PoolId, code: string): string {
  const recipient = pools.find((p) => p.pool === pool)?.recipients.find((r) => r.code === code);
  return recipient ? (recipient.draftYen ?? recipient.amountYen) : '0';
}
