import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, grantCalculationDecider, grantCalculationStreamId, isPrefectureCode } from '@grants/domain';
import type { Actor } from '../../auth/actor';
import { assertPrefectureScope } from '../../auth/scope';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { calculationInForce, evolveCalculationAmounts, YearCalculations } from '../calculation-amount.projection';
import { noCalculation } from '../calculation-in-force';
import { GetLatestCalculation, LatestCalculationView } from './get-latest-calculation.query';

@QueryHandler(GetLatestCalculation)
export class GetLatestCalculationHandler implements IQueryHandler<GetLatestCalculation> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
  ) {}

  async execute({ fiscalYear, code, actor, prefecture }: GetLatestCalculation): Promise<LatestCalculationView> {
    await this.views.openedYear(fiscalYear);
    if (prefecture !== undefined) assertAreaOf(actor, prefecture, code);
    else assertMayRead(actor, code);
    const { state, events } = await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider);
    if (!state.latest) throw new DomainError('not_found', 'CALCULATION.NONE', `${fiscalYear} の試算はまだありません。`, `No trial calculation for ${fiscalYear} yet.`);
    // The amounts in force, by the one rule (inForceOf) of "why this amount", the report, the year views and the audit
    // diff, over the calculations as the calculation_amount projection folds them from the same events.
    const inForce = calculationInForce(events.reduce<YearCalculations | null>(evolveCalculationAmounts, null));
    if (!inForce) throw noCalculation(fiscalYear);
    const { pools: _trialPools, ...rest } = state.latest;
    const finalized = state.finalized && { trialNumber: state.finalized.trialNumber, requestedBy: state.finalized.requestedBy, approvedBy: state.finalized.approvedBy, finalizedAt: state.finalized.finalizedAt };
    const recalculation = state.latestRecalculation && { recalculationNumber: state.latestRecalculation.recalculationNumber, calculatedAt: state.latestRecalculation.calculatedAt };
    return {
      ...rest,
      finalized: finalized ?? null,
      recalculation: recalculation ?? null,
      calculation: inForce.ref,
      pools: inForce.pools.map((pool) => ({ ...pool, recipients: pool.recipients.filter((r) => (prefecture !== undefined ? r.code.slice(0, 2) === prefecture : code === undefined || r.code === code)) })),
    };
  }
}

/** The whole calculation is for national users; an insurer reads its own amounts, a prefecture those of its area. */
function assertMayRead(actor: Actor, code: string | undefined): void {
  if (code === undefined && (actor.role === 'insurer' || actor.role === 'prefecture')) {
    throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '全体の試算結果は国の担当者のみ参照できます。?code= を指定してください。', 'Only national users may read the whole calculation; pass ?code=.');
  }
  if (code !== undefined && actor.role === 'insurer' && code !== actor.organisationCode) {
    throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '他の保険者の算定結果は参照できません。', "You cannot read another insurer's amounts.");
  }
  if (code !== undefined && actor.role === 'prefecture' && code.slice(0, 2) !== actor.organisationCode) {
    throw new DomainError('forbidden', 'AUTH.OUT_OF_SCOPE', '他の都道府県の算定結果は参照できません。', "You cannot read another prefecture's amounts.");
  }
}

/** `?prefecture=`: a prefecture's own area, for that prefecture and the national users (not with `?code=`). */
function assertAreaOf(actor: Actor, prefecture: string, code: string | undefined): void {
  if (code !== undefined || !isPrefectureCode(prefecture)) {
    throw new DomainError('invalid', 'VALIDATION.INVALID_QUERY', 'prefecture は都道府県コード（01〜47）で、code とは同時に指定できません。', 'prefecture is a prefecture code (01–47) and cannot be combined with code.', 'prefecture');
  }
  assertPrefectureScope(actor, prefecture);
}
