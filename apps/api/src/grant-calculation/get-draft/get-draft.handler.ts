import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError, grantCalculationDecider, grantCalculationStreamId, isPrefectureCode } from '@grants/domain';
import { assertInsurerScope, assertPrefectureScope } from '../../auth/scope';
import { StreamReads } from '../../commands/stream-commands.service';
import { YearViews } from '../../fiscal-year/year-views.reader';
import { toThousandYen } from '../grant-report';
import { DraftView, GetDraft } from './get-draft.query';

/** Each recipient sees only its own draft: an insurer itself, a prefecture itself and its municipalities, national users and auditors all. */
@QueryHandler(GetDraft)
export class GetDraftHandler implements IQueryHandler<GetDraft> {
  constructor(
    private readonly streams: StreamReads,
    private readonly views: YearViews,
  ) {}

  async execute({ fiscalYear, code, actor }: GetDraft): Promise<DraftView> {
    if (!/^\d{6}$/.test(code) && !isPrefectureCode(code)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', 'code は保険者番号（6桁）または都道府県コード（01〜47）です。', 'code is an insurer code (6 digits) or a prefecture code (01–47).', 'code');
    }
    const level = isPrefectureCode(code) ? 'prefectural' : 'municipal';
    if (level === 'prefectural') assertPrefectureScope(actor, code, 'read');
    else assertInsurerScope(actor, code, 'read');
    await this.views.openedYear(fiscalYear);
    const { state } = await this.streams.load(grantCalculationStreamId(fiscalYear), grantCalculationDecider);
    const draft = state.draft;
    if (!draft) throw new DomainError('not_found', 'CALCULATION.NO_DRAFT', `${fiscalYear} の内示はまだありません。`, `No draft has been published for ${fiscalYear} yet.`);
    const pools = draft.pools
      .filter((pool) => pool.pool.endsWith(level))
      .flatMap((pool) => {
        const recipient = pool.recipients.find((r) => r.code === code);
        const draftYen = recipient && (recipient.draftYen ?? recipient.amountYen);
        return draftYen === undefined ? [] : [{ pool: pool.pool, draftYen, draftThousandYen: toThousandYen(draftYen) }];
      });
    if (pools.length === 0) throw new DomainError('not_found', 'CALCULATION.UNKNOWN_RECIPIENT', `${code} は算定の対象ではありません。`, `${code} is not a recipient.`, 'code');
    return { fiscalYear, code, trialNumber: draft.trialNumber, publishedAt: draft.publishedAt, publishedBy: draft.publishedBy, pools };
  }
}
