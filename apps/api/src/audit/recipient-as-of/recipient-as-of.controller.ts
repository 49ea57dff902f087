import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FiscalYearPipe } from '../../common/path-params';
import { RecipientCodePipe } from '../audit-params';
import { AuditController } from '../audit-path';
import { GetRecipientAsOf } from './recipient-as-of.query';

@AuditController()
export class RecipientAsOfController {
  constructor(private readonly queryBus: QueryBus) {}

  /** ある時点の状態: one recipient's answers, scores, corrections and amounts as they stood at `?asOf=`. */
  @Get('fiscal-years/:fiscalYear/recipients/:code')
  recipient(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('code', RecipientCodePipe) code: string) {
    return this.queryBus.execute(new GetRecipientAsOf(fiscalYear, code));
  }
}
