import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { grantCalculationDecider, grantCalculationStreamId, GrantCalculationState } from '@grants/domain';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { GetPendingApprovals, PendingApprovalsView } from './get-pending-approvals.query';

@QueryHandler(GetPendingApprovals)
export class GetPendingApprovalsHandler implements IQueryHandler<GetPendingApprovals> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
  ) {}

  async execute({ fiscalYear }: GetPendingApprovals): Promise<PendingApprovalsView> {
    await this.views.openedYear(fiscalYear);
    const { state } = await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider);
    const corrections = Object.values(state.pendingCorrections)
      .sort((a, b) => Number(a.correctionId) - Number(b.correctionId))
      .map(({ fiscalYear: _year, ...correction }) => correction);
    return { fiscalYear, finalization: pendingFinalization(state), corrections };
  }
}

function pendingFinalization(state: GrantCalculationState): PendingApprovalsView['finalization'] {
  const { pending, latest } = state;
  if (!pending || !latest || state.finalized) return null;
  const sum = (key: 'placedYen' | 'unallocatedYen') => latest.pools.reduce((total, pool) => total + BigInt(pool[key]), 0n).toString();
  return {
    trialNumber: pending.trialNumber,
    requestedBy: pending.requestedBy,
    requestedAt: pending.requestedAt,
    inputsSha256: latest.inputsSha256,
    placedYen: sum('placedYen'),
    unallocatedYen: sum('unallocatedYen'),
    pools: latest.pools.map(({ pool, poolYen, placedYen, unallocatedYen, draftYen, additionalYen, recipients }) => ({
      pool,
      poolYen,
      placedYen,
      unallocatedYen,
      ...(draftYen !== undefined && { draftYen }),
      ...(additionalYen !== undefined && { additionalYen }),
      recipients: recipients.length,
    })),
  };
}
