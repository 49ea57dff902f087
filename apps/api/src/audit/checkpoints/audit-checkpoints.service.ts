import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@grants/domain';
import {
  ChainVerification,
  CheckpointVerification,
  EventStore,
  EventStoreDbEventStore,
  insertCheckpointQuery,
  PostgresEventStore,
  ProjectionRunner,
  publicKeyPem,
  readCheckpoints,
  StoredCheckpoint,
  verifyCheckpoints,
} from '@grants/event-store';
import { Clock } from '../../commands/clock';
import { APP_OPTIONS } from '../../config/config.module';
import type { AppOptions } from '../../config/config.module';
import type { AuditSigningKey } from './audit-signing-key';
import { CheckpointSigningProjection } from './checkpoint-signing.projection';

/** Injection token of the checkpoint signing key (audit-signing-key.ts). */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');

export function chainUnavailable(): DomainError {
  return new DomainError('conflict', 'AUDIT.CHAIN_UNAVAILABLE', 'この構成のイベントストアはハッシュチェーンを持ちません。', 'This event store keeps no hash chain.');
}

/** Checkpoints are stored beside the PostgreSQL events table; on EventStoreDB the chain is sealed but not signed. */
export function checkpointsUnavailable(): DomainError {
  return new DomainError(
    'conflict',
    'AUDIT.CHECKPOINTS_UNAVAILABLE',
    'この構成（EventStoreDB）では署名付きチェックポイントを作成・保管しません。ハッシュチェーンの検証（GET /audit/chain）と保存済みダイジェストを使ってください。',
    'This configuration (EventStoreDB) signs and keeps no checkpoints: verify the hash chain (GET /audit/chain) against a digest kept outside the system.',
  );
}

/**
 * Signed checkpoints of the hash chain: signed automatically after each phase change, the finalization and each
 * recalculation (a runner of its own follows the log), and on demand; listed and verified with the service's key.
 */
@Injectable()
export class AuditCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpoints');
  private readonly runner?: ProjectionRunner;

  constructor(
    private readonly store: EventStore,
    dataSource: DataSource,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
    private readonly clock: Clock,
    @Inject(APP_OPTIONS) private readonly options: AppOptions,
  ) {
    if (store instanceof PostgresEventStore) {
      this.runner = new ProjectionRunner(store, dataSource, [new CheckpointSigningProjection(key.signer, () => clock.now())], { logger: this.logger });
    }
  }

  onApplicationBootstrap(): void {
    if (!this.runner) return;
    if (this.key.ephemeral) {
      this.logger.warn(
        `監査チェックポイントは起動時に生成した鍵（${this.key.signer.keyId}）で署名されます。この実行の公開鍵でのみ検証できます。本番では AUDIT_SIGNING_KEY を設定してください。 ` +
          `Audit checkpoints are signed with a key made at start (${this.key.signer.keyId}): they verify only with this run's public key (GET /audit/checkpoints). Set AUDIT_SIGNING_KEY for checkpoints that outlive the process.`,
      );
    }
    if (this.options.runProjections !== false) this.runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }

  /** The public key of this service's signing key, as PEM, and its id. */
  get publicKey(): { readonly keyId: string; readonly pem: string; readonly ephemeral: boolean } {
    return { keyId: this.key.signer.keyId, pem: publicKeyPem(this.key.signer.publicKey), ephemeral: this.key.ephemeral };
  }

  /** Signs the chain head now (POST /audit/checkpoints). */
  async signHead(reason: string, requestedBy: string | null): Promise<StoredCheckpoint> {
    const pool = this.pool();
    const signed = this.key.signer.sign(await (this.store as PostgresEventStore).head(), this.clock.now());
    const checkpoint = { ...signed, reason, publicKey: this.publicKey.pem, requestedBy };
    const { rows } = await pool.query<{ id: string }>(insertCheckpointQuery(checkpoint));
    return { ...checkpoint, id: rows[0].id };
  }

  async list(): Promise<StoredCheckpoint[]> {
    return readCheckpoints(this.pool());
  }

  /**
   * The stored checkpoints of this service's key checked against a verified chain. On EventStoreDB the service signs
   * none (they are kept beside the PostgreSQL events table): nothing to check, none failed.
   */
  async verify(chain: ChainVerification): Promise<CheckpointVerification> {
    if (this.store instanceof EventStoreDbEventStore) return { ok: true, keyId: this.key.signer.keyId, checked: 0, otherKeys: [], failed: 0 };
    return verifyCheckpoints(this.pool(), this.key.signer.publicKey, chain);
  }

  /** Signs every checkpoint event not signed yet, then returns (tests, and callers that need read-your-writes). */
  async catchUp(): Promise<void> {
    await this.runner?.catchUp();
  }

  private pool() {
    if (this.store instanceof EventStoreDbEventStore) throw checkpointsUnavailable();
    if (!(this.store instanceof PostgresEventStore)) throw chainUnavailable();
    return this.store.connectionPool;
  }
}
