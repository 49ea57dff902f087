import { Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AuditController } from '../audit-path';
import { ListCheckpoints } from './list-checkpoints.query';

@AuditController()
export class ListCheckpointsController {
  constructor(private readonly queryBus: QueryBus) {}

  /** 署名済みチェックポイント: each signed chain head (position, hash, time, key id, Ed25519 signature) and the public keys. */
  @Get('checkpoints')
  list() {
    return this.queryBus.execute(new ListCheckpoints());
  }
}
