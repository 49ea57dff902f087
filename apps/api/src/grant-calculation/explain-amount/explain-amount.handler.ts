import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, grantCalculationStreamId, RecordedPool } from '@grants/domain';
import { assertInsurerScope, assertPrefectureScope } from '../../auth/scope';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { calculationAmountsFold, calculationInForce } from '../calculation-amount.projection';
import { noCalculation, recalculationNumber } from '../calculation-in-force';
import { POOL_TITLES, toThousandYen } from '../grant-report';
import { AmountExplanation, ExplainAmount, PoolExplanation } from './explain-amount.query';

@QueryHandler(ExplainAmount)
export class ExplainAmountHandler implements IQueryHandler<ExplainAmount> {
  constructor(
    private readonly views: YearViews,
    private readonly streams: StreamReads,
  ) {}

  async execute({ fiscalYear, code, actor }: ExplainAmount): Promise<AmountExplanation> {
    if (code.length === 6) assertInsurerScope(actor, code);
    else assertPrefectureScope(actor, code);
    await this.views.openedYear(fiscalYear);
    // The amount in force: the latest recalculation after corrections, else the finalized one, else the latest trial.
    // Folded from the year's grant-calculation events, as …/calculations/latest reads them: the calculation_amount
    // table keeps the amounts only, not the rounding, 案, 追加交付 and components a settlement year records.
    const calculation = calculationInForce((await this.streams.load(grantCalculationStreamId(fiscalYear), calculationAmountsFold)).state);
    if (!calculation) throw noCalculation(fiscalYear);
    const pools = calculation.pools.flatMap((pool) => explainPool(pool, code));
    if (pools.length === 0) throw new DomainError('not_found', 'CALCULATION.UNKNOWN_RECIPIENT', `${code} は算定の対象ではありません。`, `${code} is not a recipient.`, 'code');
    return {
      fiscalYear,
      code,
      calculation: { finalized: !calculation.ref.startsWith('trial:'), trialNumber: calculation.trialNumber, recalculationNumber: recalculationNumber(calculation.ref) },
      pools,
    };
  }
}

const LARGEST_REMAINDER = '1,000 円単位、最大剰余法（同順は団体コード昇順） / to the unit by largest remainder, ties by code';
const FLOOR = '1,000 円未満切り捨て（端数は未配分として報告） / floored to the unit, the remainder reported as unallocated';

/** One pool's share for the recipient, or nothing when it is not a recipient of that pool. */
function explainPool(pool: RecordedPool, code: string): PoolExplanation[] {
  const recipient = pool.recipients.find((r) => r.code === code);
  if (!recipient) return [];
  const weightSum = pool.recipients.reduce((sum, r) => sum + BigInt(r.weight), 0n);
  return [
    {
      pool: pool.pool,
      title: POOL_TITLES[pool.pool],
      poolYen: pool.poolYen,
      weight: recipient.weight,
      weightRule: pool.pool.endsWith('municipal') ? '得点 × 第1号被保険者数 (score × category-1 insured persons)' : '得点 (score)',
      nationalWeightSum: weightSum.toString(),
      shareOfNationalSum: `${recipient.weight}/${weightSum}`,
      capYen: recipient.capYen,
      capped: recipient.capped,
      exactShareYen: recipient.exactShareYen,
      amountYen: recipient.amountYen,
      amountThousandYen: toThousandYen(recipient.amountYen),
      rounding: pool.rounding === 'floor' ? FLOOR : LARGEST_REMAINDER,
      redistributionRounds: pool.rounds,
      ...(recipient.draftYen !== undefined && { draftYen: recipient.draftYen, additionalYen: recipient.additionalYen, components: recipient.components }),
    },
  ];
}
