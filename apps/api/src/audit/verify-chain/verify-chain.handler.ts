import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditService } from '../audit.service';
import { ChainReport, VerifyChain } from './verify-chain.query';

@QueryHandler(VerifyChain)
export class VerifyChainHandler implements IQueryHandler<VerifyChain> {
  constructor(private readonly audit: AuditService) {}

  async execute({ digest }: VerifyChain): Promise<ChainReport> {
    const result = await this.audit.chain(digest);
    const { checkpoints } = result;
    return {
      ok: result.ok && checkpoints.ok,
      checked: result.checked,
      head: { position: result.head.position.toString(), hash: result.head.hash, digest: `${result.head.position}:${result.head.hash}` },
      failure: result.failure ? { ...result.failure, position: result.failure.position.toString(), streamVersion: result.failure.streamVersion?.toString() } : null,
      checkpoints: {
        ok: checkpoints.ok,
        keyId: checkpoints.keyId,
        checked: checkpoints.checked,
        failed: checkpoints.failed,
        otherKeys: checkpoints.otherKeys,
        latest: checkpoints.latest ? { ...checkpoints.latest, position: checkpoints.latest.position.toString(), signedAt: checkpoints.latest.signedAt.toISOString() } : null,
        unsignedEvents: result.unsignedEvents.toString(),
        failure: checkpoints.failure
          ? { ...checkpoints.failure, position: checkpoints.failure.position?.toString(), signedAt: checkpoints.failure.signedAt?.toISOString() }
          : null,
      },
      fiscalYears: result.fiscalYears.map((f) => ({ fiscalYear: f.fiscalYear, events: f.events, head: { position: f.position, hash: f.hash }, digest: `${f.position}:${f.hash}` })),
    };
  }
}
