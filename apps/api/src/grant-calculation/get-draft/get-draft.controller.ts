import { Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { GetDraft } from './get-draft.query';

@CalculationsController()
export class GetDraftController {
  constructor(private readonly queryBus: QueryBus) {}

  /** One recipient's draft 交付見込額（案） after 内示 ({code} is an insurer's 6 digits or a prefecture's 2). */
  @Get('draft/:code')
  async draft(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Param('code') code: string, @CurrentActor() actor: Actor) {
    return this.queryBus.execute(new GetDraft(fiscalYear, code, actor));
  }
}
