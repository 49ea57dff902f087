import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointSigner, EventStoreDbChainSealer, EventStoreDbEventStore, insertCheckpointQuery, PostgresEventStore, publicKeyPem } from '@grants/event-store';
import { FakeEventStoreDbClient } from '@grants/event-store/eventstoredb/fake-eventstoredb-client';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { EXIT_TAMPERED, verifyCommand, VerifyUsageError } from './verify.command';

describe('cli verify against a database (service stopped)', () => {
  let db: TestDatabase;
  const lines: string[] = [];
  const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };

  beforeAll(async () => {
    db = await createTestDatabase();
    const store = new PostgresEventStore({ connectionString: db.url });
    for (let i = 0; i < 20; i += 1) {
      await store.append(`submission-FY2024-${100000 + (i % 4)}`, [{ type: 'AnswersSaved', data: { i } }], {
        expectedVersion: 'any',
        metadata: { actorId: 'a', actorRole: 'insurer', organisationCode: '242055', commandId: randomUUID() },
      });
    }
    await store.close();
  });
  afterAll(async () => db.drop());
  beforeEach(() => (lines.length = 0));

  it('verifies the log, prints the digest, and accepts that digest later', async () => {
    expect(await verifyCommand(['--database-url', db.url], {}, io)).toBe(0);
    expect(lines[0]).toContain('verified: 20 events');
    const digest = lines[1].replace('digest ', '');
    expect(digest).toMatch(/^20:[0-9a-f]{64}$/);
    // Every event of this log belongs to FY2024: the year's head is the log's head.
    expect(lines[2]).toBe(`FY2024: 20 events, digest ${digest}`);
    lines.length = 0;
    expect(await verifyCommand(['--digest', digest], { DATABASE_URL: db.url }, io)).toBe(0);
  });

  it('checks the checkpoints a public key signed, and exits 3 when that key signed nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-verify-'));
    try {
      const keys = generateKeyPairSync('ed25519');
      const file = join(dir, 'public.pem');
      writeFileSync(file, publicKeyPem(keys.publicKey));
      expect(await verifyCommand(['--database-url', db.url, '--public-key', file], {}, io)).toBe(EXIT_TAMPERED);
      expect(lines.at(-1)).toContain('No checkpoint signed by this key');
      const signer = new CheckpointSigner(keys.privateKey);
      const store = new PostgresEventStore({ connectionString: db.url });
      const checkpoint = signer.sign(await store.head(), new Date('2025-04-01T00:00:00.000Z'));
      await store.connectionPool.query(insertCheckpointQuery({ ...checkpoint, reason: 'on demand', publicKey: publicKeyPem(keys.publicKey), requestedBy: 'admin-1' }));
      await store.close();
      lines.length = 0;
      expect(await verifyCommand(['--database-url', db.url, '--public-key', file], {}, io)).toBe(0);
      expect(lines.at(-1)).toMatch(new RegExp(`checkpoints verified: 1 signed by ${signer.keyId}, latest #\\d+ at 20 \\(2025-04-01T00:00:00.000Z\\)$`));
      writeFileSync(file, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await expect(verifyCommand(['--database-url', db.url, '--public-key', file], {}, io)).rejects.toBeInstanceOf(VerifyUsageError);
      await expect(verifyCommand(['--database-url', db.url, '--public-key', join(dir, 'absent.pem')], {}, io)).rejects.toBeInstanceOf(VerifyUsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts the option repeated after a key rotation: each key verifies the checkpoints it signed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grants-verify-'));
    try {
      const store = new PostgresEventStore({ connectionString: db.url });
      const files: string[] = [];
      const signers: CheckpointSigner[] = [];
      for (const [i, signedAt] of ['2025-05-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z'].entries()) {
        const keys = generateKeyPairSync('ed25519');
        const signer = new CheckpointSigner(keys.privateKey);
        const checkpoint = signer.sign(await store.head(), new Date(signedAt));
        await store.connectionPool.query(insertCheckpointQuery({ ...checkpoint, reason: 'on demand', publicKey: publicKeyPem(keys.publicKey), requestedBy: 'admin-1' }));
        files.push(join(dir, `key-${i}.pem`));
        writeFileSync(files[i], publicKeyPem(keys.publicKey));
        signers.push(signer);
      }
      await store.close();
      expect(await verifyCommand(['--database-url', db.url, '--public-key', files[0], '--public-key', files[1]], {}, io)).toBe(0);
      expect(lines.filter((line) => line.includes('checkpoints verified: 1 signed by'))).toEqual([
        expect.stringContaining(signers[0].keyId),
        expect.stringContaining(signers[1].keyId),
      ]);
      expect(lines.at(-1)).not.toContain(signers[0].keyId);
      lines.length = 0;
      // The new key alone: the old key's checkpoint is listed as not checked.
      expect(await verifyCommand(['--database-url', db.url, '--public-key', files[1]], {}, io)).toBe(0);
      expect(lines.at(-1)).toMatch(/^other keys' checkpoints, not checked: /);
      expect(lines.at(-1)).toContain(signers[0].keyId);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 3 naming the event a superuser altered', async () => {
    const [{ event_id: eventId }] = await db.superuserQuery<{ event_id: string }>('SELECT event_id FROM events WHERE position = 7');
    await db.superuserQuery(`SET session_replication_role = replica; UPDATE events SET data = '{"i": 99}' WHERE position = 7;`);
    expect(await verifyCommand(['--database-url', db.url], {}, io)).toBe(EXIT_TAMPERED);
    expect(lines[0]).toContain(eventId);
    expect(lines[1]).toMatch(/^last good digest 6:/);
  });

  it('refuses bad usage', async () => {
    await expect(verifyCommand(['--digest', 'latest'], { DATABASE_URL: db.url }, io)).rejects.toBeInstanceOf(VerifyUsageError);
    await expect(verifyCommand([], {}, io)).rejects.toBeInstanceOf(VerifyUsageError);
    await expect(verifyCommand(['--since', '1'], {}, io)).rejects.toBeInstanceOf(VerifyUsageError);
  });
});

// EVENT_STORE=eventstoredb over the adapter on the in-memory fake client: the command's own logic. A real server is
// exercised by the event store's contract suite with EVENTSTORE_CONNECTION_STRING.
describe('cli verify with EVENT_STORE=eventstoredb', () => {
  const lines: string[] = [];
  const env = { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore.invalid:2113?tls=true' };
  let fake: FakeEventStoreDbClient;
  const io = {
    out: (line: string) => lines.push(line),
    err: (line: string) => lines.push(line),
    openEventStoreDb: () => new EventStoreDbEventStore(fake.asClient()),
  };

  beforeEach(async () => {
    lines.length = 0;
    fake = new FakeEventStoreDbClient();
    const store = new EventStoreDbEventStore(fake.asClient());
    for (let i = 0; i < 3; i += 1) {
      await store.append(`submission-FY2024-${100000 + i}`, [{ type: 'AnswersSaved', data: { i } }], {
        expectedVersion: 'any',
        metadata: { actorId: 'a', actorRole: 'insurer', organisationCode: '242055', commandId: randomUUID() },
      });
    }
    await new EventStoreDbChainSealer(store).sealOnce();
  });

  it('checks $all against the seals without a database, prints the digest and the unsealed events, and accepts the digest later', async () => {
    expect(await verifyCommand([], env, io)).toBe(0);
    expect(lines[0]).toContain('verified: 3 events');
    const digest = lines[1].replace('digest ', '');
    expect(digest).toMatch(/^\d{20,39}:[0-9a-f]{64}$/);
    expect(lines[2]).toBe(`FY2024: 3 events, digest ${digest}`);
    expect(lines[3]).toContain('0 of the newest events not sealed yet');
    lines.length = 0;
    expect(await verifyCommand(['--digest', digest], env, io)).toBe(0);
  });

  it('exits 3 naming the altered event, and refuses --public-key and a missing connection string', async () => {
    const [, second] = fake.log;
    fake.alter(second.id, { data: { i: 99 } });
    expect(await verifyCommand([], env, io)).toBe(EXIT_TAMPERED);
    expect(lines[0]).toContain('verification FAILED after 1 good events');
    expect(lines[0]).toContain('does not match its seal');
    expect(lines[0]).toContain(second.id);
    const dir = mkdtempSync(join(tmpdir(), 'grants-verify-'));
    try {
      const file = join(dir, 'public.pem');
      writeFileSync(file, publicKeyPem(generateKeyPairSync('ed25519').publicKey));
      await expect(verifyCommand(['--public-key', file], env, io)).rejects.toThrow(/signs no checkpoints on EventStoreDB/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(verifyCommand([], { EVENT_STORE: 'eventstoredb' }, io)).rejects.toBeInstanceOf(VerifyUsageError);
  });
});
