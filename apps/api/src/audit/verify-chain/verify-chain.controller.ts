import { Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiQuery } from '@nestjs/swagger';
import type { ChainDigest } from '@grants/event-store';
import { ChainDigestPipe } from '../audit-params';
import { AuditController } from '../audit-path';
import { VerifyChain } from './verify-chain.query';

@AuditController()
export class VerifyChainController {
  constructor(private readonly queryBus: QueryBus) {}

  /** ハッシュチェーン検証: the whole chain from the start, the signed checkpoints against it, and each fiscal year's head digest to keep outside the system. */
  @Get('chain')
  @ApiQuery({ name: 'digest', required: false, description: '<position>:<sha256 hex> saved earlier: proves nothing before it changed' })
  chain(@Query('digest', ChainDigestPipe) digest: ChainDigest | undefined) {
    return this.queryBus.execute(new VerifyChain(digest));
  }
}
