import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createTestDatabase, rehashChain, TestDatabase } from '@grants/testing';
import { CheckpointSigner, publicKeyPem } from '../checkpoints';
import { metadata } from '../contract/event-store.contract';
import { insertCheckpointQuery, readCheckpoints, verifyCheckpoints } from './checkpoint-store';
import { PostgresEventStore } from './postgres-event-store';
import { verifyChain } from './verify-chain';

describe('signed checkpoints against the chain in PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const keys = generateKeyPairSync('ed25519');
  const signer = new CheckpointSigner(keys.privateKey);

  beforeEach(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: db.url });
    for (let i = 0; i < 6; i += 1) {
      await store.append(`submission-FY2024-24205${i}`, [{ type: 'AnswersSaved', data: { answer: 'yes', i } }], { expectedVersion: 'any', metadata: metadata(randomUUID()) });
    }
  });
  afterEach(async () => {
    await store.close();
    await db.drop();
  });

  async function checkpointHead(reason: string, by = signer): Promise<string> {
    const checkpoint = by.sign(await store.head(), new Date());
    const { rows } = await store.connectionPool.query<{ id: string }>(insertCheckpointQuery({ ...checkpoint, reason, publicKey: publicKeyPem(by.publicKey), requestedBy: null }));
    return rows[0].id;
  }

  const check = async (options = {}) => verifyCheckpoints(store.connectionPool, keys.publicKey, await verifyChain(store.connectionPool), options);

  it('verifies every checkpoint of the key on an untouched log, and lists other keys without checking them', async () => {
    await checkpointHead('on demand');
    await store.append('submission-FY2024-242055', [{ type: 'AnswersSaved', data: {} }], { expectedVersion: 'any', metadata: metadata(randomUUID()) });
    const last = await checkpointHead('on demand');
    const other = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    await checkpointHead('foreign', other);
    const result = await check();
    expect(result).toMatchObject({ ok: true, checked: 2, failed: 0, keyId: signer.keyId, otherKeys: [other.keyId], latest: { id: last, position: 7n } });
    expect(await readCheckpoints(store.connectionPool)).toHaveLength(3);
  });

  it('fails a re-hashed history that verifies as a chain, naming the first checkpoint that no longer matches', async () => {
    const first = await checkpointHead('before the forgery');
    const signedHash = (await store.head()).hash;
    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET data = jsonb_set(data, '{answer}', '"no"') WHERE position = 2;`);
    expect((await verifyChain(store.connectionPool)).ok).toBe(false);
    await rehashChain(db);
    const chain = await verifyChain(store.connectionPool);
    expect(chain.ok).toBe(true);
    const result = await verifyCheckpoints(store.connectionPool, keys.publicKey, chain);
    expect(result).toMatchObject({ ok: false, checked: 0, failed: 1, failure: { problem: 'hash_mismatch', checkpointId: first, position: 6n, signedHash, chainHash: chain.head.hash } });
    expect(result.failure?.message).toContain(`#${first}`);
  });

  it('fails a checkpoint whose signature was altered', async () => {
    const checkpoint = signer.sign(await store.head(), new Date());
    const forged = { ...checkpoint, signature: Buffer.alloc(64, 1).toString('base64') };
    const { rows } = await store.connectionPool.query<{ id: string }>(insertCheckpointQuery({ ...forged, reason: 'forged', publicKey: publicKeyPem(signer.publicKey), requestedBy: null }));
    expect(await check()).toMatchObject({ ok: false, failed: 1, failure: { problem: 'bad_signature', checkpointId: rows[0].id, position: 6n } });
  });

  it('fails a checkpoint past the end of a log whose newest events were removed', async () => {
    const signed = await checkpointHead('before truncation');
    await db.superuserQuery('SET session_replication_role = replica; DELETE FROM events WHERE position > 4;');
    expect((await verifyChain(store.connectionPool)).ok).toBe(true);
    expect(await check()).toMatchObject({ ok: false, failure: { problem: 'beyond_chain', checkpointId: signed, position: 6n } });
  });

  it('fails when asked for a key that signed nothing on a log with events', async () => {
    expect(await check()).toMatchObject({ ok: true, checked: 0 });
    expect((await check({ requireOne: true })).failure).toMatchObject({ problem: 'none_signed' });
  });

  it('refuses UPDATE and DELETE of a checkpoint to the application', async () => {
    await checkpointHead('on demand');
    await expect(store.connectionPool.query(`UPDATE audit_checkpoints SET head_hash = repeat('0', 64)`)).rejects.toThrow(/append-only/);
    await expect(store.connectionPool.query(`DELETE FROM audit_checkpoints`)).rejects.toThrow(/append-only/);
  });
});
