import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditCheckpoints } from '../checkpoints/audit-checkpoints.service';
import { checkpointView } from '../checkpoints/checkpoint-view';
import { CheckpointList, ListCheckpoints } from './list-checkpoints.query';

@QueryHandler(ListCheckpoints)
export class ListCheckpointsHandler implements IQueryHandler<ListCheckpoints> {
  constructor(private readonly checkpoints: AuditCheckpoints) {}

  async execute(): Promise<CheckpointList> {
    const stored = await this.checkpoints.list();
    const own = this.checkpoints.publicKey;
    const others = new Map<string, string>();
    for (const c of stored) if (c.keyId !== own.keyId && !others.has(c.keyId)) others.set(c.keyId, c.publicKey);
    return {
      keys: [{ keyId: own.keyId, publicKey: own.pem, current: true, ephemeral: own.ephemeral }, ...[...others].map(([keyId, publicKey]) => ({ keyId, publicKey, current: false }))],
      checkpoints: stored.map(checkpointView),
    };
  }
}
