import { Body, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../../auth/auth.decorators';
import { CommandMeta } from '../../commands/command-context';
import type { CommandContext } from '../../commands/command-context';
import { FiscalYearPipe } from '../../common/path-params';
import { insurersChanged, RegisterController } from '../register-path';
import { RegisterInsurers } from './register-insurers.command';
import { RegisterInsurersRequest } from './register-insurers.request';

@RegisterController()
export class RegisterInsurersController {
  constructor(private readonly commandBus: CommandBus) {}

  /** 保険者の登録・訂正 (national administrators): upsert by code; unchanged rows store nothing. */
  @Put()
  @Roles('national-admin')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  async register(
    @Param('fiscalYear', FiscalYearPipe) fiscalYear: string,
    @Body() body: RegisterInsurersRequest,
    @CommandMeta() meta: CommandContext,
    @Res({ passthrough: true }) response: Response,
  ) {
    const insurers = body.insurers.map(({ code, name, category1InsuredPersons, isUnion, unionCode }) => ({
      code, name, prefectureCode: code.slice(0, 2), category1InsuredPersons, ...(isUnion && { isUnion }), ...(unionCode !== undefined && { unionCode }),
    }));
    const outcome = await this.commandBus.execute(new RegisterInsurers(fiscalYear, insurers, meta));
    response.setHeader('ETag', `"${outcome.version}"`);
    return { fiscalYear, changed: insurersChanged(outcome), version: outcome.version.toString() };
  }
}
