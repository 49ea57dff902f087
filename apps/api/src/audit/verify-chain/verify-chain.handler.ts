import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AuditService } from '../audit.service';
import { ChainReport, VerifyChain } from './verify-chain.query';

@QueryHandler(VerifyChain)
export class VerifyChainHandler implements IQueryHandler<VerifyChain> {
  constructor(private readonly audit: AuditService) {}

  async execute({ digest }: VerifyChain): Promise<ChainReport> {
    const result = await this.audit.chain(digest);
    return {
      ok: result.ok,
      checked: result.checked,
      head: { position: result.head.position.toString(), hash: result.head.hash, digest: `${result.head.position}:${result.head.hash}` },
      failure: result.failure ? { ...result.failure, position: result.failure.position.toString(), streamVersion: result.failure.streamVersion?.toString() } : null,
      fiscalYears: result.fiscalYears.map((f) => ({ fiscalYear: f.fiscalYear, events: f.events, head: { position: f.position, hash: f.hash }, digest: `${f.position}:${f.hash}` })),
    };
  }
}
