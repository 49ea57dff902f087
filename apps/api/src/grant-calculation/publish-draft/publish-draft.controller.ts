import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { receipt } from '../../commands/command-response';
import { FiscalYearPipe } from '../../common/path-params';
import { CalculationsController } from '../calculations-path';
import { PublishDraft } from './publish-draft.command';
import { PublishDraftRequest } from './publish-draft.request';

@CalculationsController()
export class PublishDraftController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 内示: publish a trial as the draft 交付見込額（案） (national administrator). */
  @Post('draft')
  @HttpCode(200)
  @Roles('national-admin')
  async publish(@Param('fiscalYear', FiscalYearPipe) fiscalYear: string, @Body() body: PublishDraftRequest, @CommandMeta() meta: CommandContext, @Res({ passthrough: true }) response: Response) {
    const outcome = await this.commandBus.execute(new PublishDraft(fiscalYear, body.trialNumber, meta));
    return { fiscalYear, trialNumber: body.trialNumber, publishedBy: meta.actor.actorId, ...receipt(response, outcome) };
  }
}
