import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { CheckpointSigner, EventStore, PostgresEventStore, ProjectionRunner, publicKeyPem } from '@grants/event-store';
import { createTestDatabase, TestDatabase } from '@grants/testing';
import { createApp } from '../apps/api/src/app.factory';
import { AuditCheckpoints } from '../apps/api/src/audit/checkpoints/audit-checkpoints.service';
import { loadConfig } from '../apps/api/src/config/app-config';
import { exportCommand } from '../apps/cli/src/audit.commands';
import { importCommand } from '../apps/cli/src/import.command';
import { main as cliMain } from '../apps/cli/src/main';
import { READ_MODELS, replayCommand } from '../apps/cli/src/replay.command';
import { verifyCommand } from '../apps/cli/src/verify.command';
import { generateNationalFiscalYear } from '../bench/national/national-fiscal-year';
import { TEST_ENV } from './support/test-app';

/**
 * The restore drill (runbook): a finalized year is generated through the service's commands, its chain head signed by
 * the service (after each phase change and the finalization, and once on demand), exported, and imported into fresh
 * databases: whole (the same digest, the same rows, the same signed checkpoints that verify with the service's public
 * key, every decision replayed, every read model equal row by row once the service has caught up on it), cut off
 * half-way or tampered with (refused, the bad line named, nothing stored), and interrupted between batches, then run
 * again (resumed: no duplicates, the same digest and checkpoints).
 */
const FY = 'FY2024';

describe('restore drill: export, import into a fresh database, compare', () => {
  let source: TestDatabase;
  const others: TestDatabase[] = [];
  const file = join(tmpdir(), `restore-drill-${process.pid}-${Date.now()}.ndjson`);
  const yearFile = `${file}.year`;
  const publicKeyFile = `${file}.pub.pem`;
  const files: string[] = [file, yearFile, publicKeyFile];
  const signingKey = generateKeyPairSync('ed25519').privateKey;
  let sourceDigest: string;
  let events: number;
  let checkpoints: number;
  const printed: string[] = [];
  const io = { out: (line: string) => printed.push(line) };
  const fresh = async () => {
    const db = await createTestDatabase();
    others.push(db);
    return db;
  };
  const digestOf = async (url: string) => {
    const lines: string[] = [];
    expect(await verifyCommand(['--database-url', url], {}, { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(0);
    return lines.find((l) => l.startsWith('digest '));
  };
  const countOf = async (db: TestDatabase) => (await db.superuserQuery<{ n: number; ids: number }>('SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS ids FROM events'))[0];
  const rowsOf = (db: TestDatabase) => db.superuserQuery<{ row: unknown }>('SELECT to_jsonb(e) AS row FROM events e ORDER BY position');
  const checkpointsOf = (db: TestDatabase) => db.superuserQuery<{ row: unknown }>('SELECT to_jsonb(c) AS row FROM audit_checkpoints c ORDER BY id');
  /** verify --public-key with the service's key: the chain and every checkpoint it signed. */
  const verifyWithKey = async (url: string) => {
    const lines: string[] = [];
    const code = await verifyCommand(['--database-url', url, '--public-key', publicKeyFile], {}, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, lines };
  };

  beforeAll(async () => {
    source = await createTestDatabase();
    const store = new PostgresEventStore({ connectionString: source.url, poolSize: 4 });
    const generated = await generateNationalFiscalYear(store, { seed: 16, fiscalYear: FY, targetEvents: 1_500, insurers: 30, databaseUrl: source.url });
    await store.close();
    events = generated.events;
    // The service signs the chain head after each phase change and the finalization (its signer catches up on the
    // generated log), and once on demand, with its configured key.
    const app = await createApp({
      databaseUrl: source.url,
      config: loadConfig({ ...TEST_ENV, DATABASE_URL: source.url, AUDIT_SIGNING_KEY: signingKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    });
    await app.init();
    try {
      await app.get(AuditCheckpoints).catchUp();
      await app.get(AuditCheckpoints).signHead('on demand', 'drill-admin');
    } finally {
      await app.close();
    }
    writeFileSync(publicKeyFile, publicKeyPem(new CheckpointSigner(signingKey).publicKey));
    checkpoints = (await checkpointsOf(source)).length;
    expect(checkpoints).toBeGreaterThanOrEqual(3);
    expect(await exportCommand(['--out', file, '--database-url', source.url], {}, io)).toBe(0);
    expect(await exportCommand(['--out', yearFile, '--fiscal-year', FY, '--database-url', source.url], {}, io)).toBe(0);
    sourceDigest = (await digestOf(source.url)) as string;
  }, 240_000);
  afterAll(async () => {
    for (const f of files) rmSync(f, { force: true });
    await Promise.all([source, ...others].map((db) => db?.drop()));
  });

  it('writes the signed checkpoints after the events, and a trailer holding the counts and the head digest verify prints', async () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(events + checkpoints + 1);
    expect(JSON.parse(lines.at(-1) as string)).toEqual({ trailer: true, events, checkpoints, digest: sourceDigest.slice('digest '.length) });
    const signed = lines.slice(events, -1).map((line) => JSON.parse(line));
    // In position order (numeric: 564 before 2728), then in the order they were signed.
    const stored = (await source.superuserQuery<{ row: Record<string, unknown> }>('SELECT to_jsonb(c) AS row FROM audit_checkpoints c ORDER BY c.position, c.id')).map(({ row }) => row);
    expect(signed.map((c) => [c.checkpoint, c.id, c.position, c.hash, c.signature])).toEqual(stored.map((c) => [true, String(c.id), String(c.position), c.head_hash, c.signature]));
    // The log holds this year only: the year's export is the same lines, its trailer naming the year.
    const year = readFileSync(yearFile, 'utf8').trimEnd().split('\n');
    expect(year.slice(0, -1)).toEqual(lines.slice(0, -1));
    expect(JSON.parse(year.at(-1) as string)).toEqual({ trailer: true, events, checkpoints, digest: sourceDigest.slice('digest '.length), fiscalYear: FY });
    // Events recorded by this store carry the bytes their hash covers.
    expect(JSON.parse(lines[0]).payload).toEqual(expect.stringContaining(`"position":"1"`));
  });

  it('restores the year (its --fiscal-year export) exactly: the same rows and digest, every decision replayed, every read model equal row by row', async () => {
    const target = await fresh();
    printed.length = 0;
    // Progress as a terminal would show it: the checking pass, then the writing one, each out of the trailer's count.
    const bars: { label: string; total: number; done: number; finished: boolean }[] = [];
    const progress = (label: string) => (total: number) => {
      const bar = { label, total, done: 0, finished: false };
      bars.push(bar);
      return { update: (done: number) => void (bar.done = done), finish: () => void (bar.finished = true) };
    };
    expect(await importCommand(['--in', yearFile, '--database-url', target.url, '--batch-size', '400'], {}, { ...io, progress })).toBe(0);
    expect(bars.map((b) => [b.label, b.total, b.finished])).toEqual([
      ['検査中 / checking', events, true],
      ['取込中 / importing', events, true],
    ]);
    expect(bars[1].done).toBe(events);
    expect(printed).toContain(`${events} events imported, 0 already present (${events} in ${yearFile})`);
    expect(printed).toContain(sourceDigest);
    expect(await digestOf(target.url)).toBe(sourceDigest);
    // Every column of every event, payload and hash format included, as in the source.
    expect(await rowsOf(target)).toEqual(await rowsOf(source));
    // The signed checkpoints as signed, ids included, and they verify with the service's public key on the restored log.
    expect(printed).toContain(`署名済みチェックポイント / signed checkpoints: ${checkpoints} restored, 0 already present`);
    expect(await checkpointsOf(target)).toEqual(await checkpointsOf(source));
    const verified = await verifyWithKey(target.url);
    expect(verified.lines.find((l) => l.startsWith('チェックポイント検証'))).toMatch(new RegExp(`^チェックポイント検証成功 / checkpoints verified: ${checkpoints} signed by `));
    expect(verified.code).toBe(0);

    printed.length = 0;
    expect(await replayCommand(['--fiscal-year', FY, '--database-url', target.url], {}, io)).toBe(0);
    expect(printed.at(-1)).toMatch(new RegExp(`^${FY}: ${events} events, \\d+ decisions recomputed, 0 mismatches$`));

    // The service on each database: its projections catch up from the log; the read models must agree row by row.
    const apps: INestApplication[] = [];
    try {
      for (const db of [source, target]) {
        const app = await createApp({ databaseUrl: db.url, config: loadConfig({ ...TEST_ENV, DATABASE_URL: db.url }) });
        await app.init();
        apps.push(app);
        await app.get(ProjectionRunner).waitFor(await app.get(EventStore).headPosition());
      }
      const [sourcePool, targetPool] = [new Pool({ connectionString: source.url, max: 1 }), new Pool({ connectionString: target.url, max: 1 })];
      try {
        let compared = 0;
        for (const model of READ_MODELS) {
          const [a, b] = [(await sourcePool.query(model.rows)).rows, (await targetPool.query(model.rows)).rows];
          expect({ model: model.name, rows: b }).toEqual({ model: model.name, rows: a });
          compared += a.length;
        }
        expect(compared).toBeGreaterThan(events / 10);
      } finally {
        await Promise.all([sourcePool.end(), targetPool.end()]);
      }
      // The restored service's signer goes on after the restored checkpoints: it signs none of those events again.
      await apps[1].get(AuditCheckpoints).catchUp();
      expect(await checkpointsOf(target)).toEqual(await checkpointsOf(source));
    } finally {
      for (const app of apps) await app.close();
    }
  }, 240_000);

  it('refuses an export cut off half-way, mid-line or at a line boundary, naming why, and stores nothing', async () => {
    const text = readFileSync(file, 'utf8');
    const midLine = `${file}.mid`;
    const atLine = `${file}.lines`;
    files.push(midLine, atLine);
    writeFileSync(midLine, text.slice(0, Math.floor(text.length / 2)));
    const lines = text.trimEnd().split('\n');
    writeFileSync(atLine, `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`);
    const target = await fresh();
    const errors: string[] = [];
    const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (errors.push(String(chunk)), true));
    try {
      expect(await cliMain(['import', '--in', midLine, '--database-url', target.url])).toBe(3);
      expect(await cliMain(['import', '--in', atLine, '--database-url', target.url])).toBe(3);
    } finally {
      err.mockRestore();
    }
    // The half line is either not JSON or an event without its trailer: both named.
    expect(errors[0]).toMatch(/line \d+ is not JSON|line \d+ is not an exported event|without its trailer/);
    expect(errors[1]).toContain(`the file ends after position ${Math.floor(lines.length / 2)} without its trailer line`);
    expect(await countOf(target)).toEqual({ n: 0, ids: 0 });
  });

  it('refuses a line that does not chain, naming its line and position, and stores nothing', async () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const bad = 700;
    const event = JSON.parse(lines[bad - 1]);
    // A forger changes what the event says (metadata: the actor) and keeps the hash, bytes and all.
    event.metadata = { ...event.metadata, actorId: 'someone-else' };
    delete event.payload;
    lines[bad - 1] = JSON.stringify(event);
    const tampered = `${file}.tampered`;
    files.push(tampered);
    writeFileSync(tampered, `${lines.join('\n')}\n`);
    const target = await fresh();
    await expect(importCommand(['--in', tampered, '--database-url', target.url], {}, io)).rejects.toThrow(
      `line ${bad}, position ${event.position} (${event.streamId} v${event.streamVersion}): does not chain`,
    );
    expect(await countOf(target)).toEqual({ n: 0, ids: 0 });

    // A line missing (as in a year's export of a log holding other years): the gap is named.
    const gap = `${file}.gap`;
    files.push(gap);
    const original = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(gap, `${[...original.slice(0, 9), ...original.slice(10)].join('\n')}\n`);
    await expect(importCommand(['--in', gap, '--database-url', target.url], {}, io)).rejects.toThrow('line 10: position 11 follows 9, so events are missing');
    expect(await countOf(target)).toEqual({ n: 0, ids: 0 });

    // A checkpoint line altered (its signed hash), and one intact but signing a hash the chain does not have there
    // (another key's, over the next event's hash): each named by its line, nothing stored.
    const checkpointLine = events + 1;
    const signed = JSON.parse(original[checkpointLine - 1]);
    const altered = `${file}.checkpoint`;
    const foreign = `${file}.foreign`;
    files.push(altered, foreign);
    const withLine = (line: string) => `${[...original.slice(0, checkpointLine - 1), line, ...original.slice(checkpointLine)].join('\n')}\n`;
    writeFileSync(altered, withLine(JSON.stringify({ ...signed, hash: JSON.parse(original[0]).hash })));
    await expect(importCommand(['--in', altered, '--database-url', target.url], {}, io)).rejects.toThrow(
      `line ${checkpointLine}, checkpoint #${signed.id} (position ${signed.position}): not intact, its signature does not verify with its own public key`,
    );
    const other = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    const next = JSON.parse(original[Number(signed.position)]).hash as string;
    const forged = other.sign({ position: BigInt(signed.position), hash: next }, new Date());
    writeFileSync(foreign, withLine(JSON.stringify({ ...signed, hash: next, signedAt: forged.signedAt.toISOString(), signature: forged.signature, keyId: other.keyId, publicKey: publicKeyPem(other.publicKey) })));
    await expect(importCommand(['--in', foreign, '--database-url', target.url], {}, io)).rejects.toThrow(
      `line ${checkpointLine}, checkpoint #${signed.id} (position ${signed.position}): signs ${next}, the file's chain has ${signed.hash} there`,
    );
    expect(await countOf(target)).toEqual({ n: 0, ids: 0 });
    expect(await checkpointsOf(target)).toEqual([]);
  });

  it('resumes an interrupted import without duplicates, and refuses a database holding another log', async () => {
    const target = await fresh();
    let batches = 0;
    const interrupted = { out: () => undefined, afterBatch: () => {
      batches += 1;
      if (batches === 2) throw new Error('interrupted');
    } };
    await expect(importCommand(['--in', file, '--database-url', target.url, '--batch-size', '300'], {}, interrupted)).rejects.toThrow('interrupted');
    expect(await countOf(target)).toEqual({ n: 600, ids: 600 });

    printed.length = 0;
    expect(await importCommand(['--in', file, '--database-url', target.url, '--batch-size', '300'], {}, io)).toBe(0);
    expect(printed).toContain(`${events - 600} events imported, 600 already present (${events} in ${file})`);
    expect(printed).toContain(sourceDigest);
    expect(await countOf(target)).toEqual({ n: events, ids: events });
    expect(await rowsOf(target)).toEqual(await rowsOf(source));
    expect(await checkpointsOf(target)).toEqual(await checkpointsOf(source));
    // Run again on the whole log: nothing to add, the same digest and checkpoints.
    printed.length = 0;
    expect(await importCommand(['--in', file, '--database-url', target.url], {}, io)).toBe(0);
    expect(printed).toContain(`0 events imported, ${events} already present (${events} in ${file})`);
    expect(printed).toContain(`署名済みチェックポイント / signed checkpoints: 0 restored, ${checkpoints} already present`);
    expect(await checkpointsOf(target)).toEqual(await checkpointsOf(source));
    expect((await verifyWithKey(target.url)).code).toBe(0);

    // A log that is not this export's beginning: refused before a row is written.
    const other = await fresh();
    const store = new PostgresEventStore({ connectionString: other.url, poolSize: 1 });
    await store.append('drill-other-1', [{ type: 'Something', data: { n: 1 } }], {
      expectedVersion: 'no_stream',
      metadata: { commandId: 'drill-other-cmd', actorId: 'drill', actorRole: 'national-admin', organisationCode: 'MHLW' },
    });
    await store.close();
    await expect(importCommand(['--in', file, '--database-url', other.url], {}, io)).rejects.toThrow('line 1, position 1: the database holds another event there');
    expect(await countOf(other)).toEqual({ n: 1, ids: 1 });
  });

  it('restores events recorded before the store kept their bytes (hash format 1, an export written before the trailer existed, given one)', async () => {
    const fixture = readFileSync(join(__dirname, 'fixtures', 'fy2024-walk-recorded.ndjson'), 'utf8').trimEnd().split('\n');
    const last = JSON.parse(fixture.at(-1) as string) as { position: string; hash: string };
    const digest = `${last.position}:${last.hash}`;
    const recorded = `${file}.recorded`;
    files.push(recorded);
    writeFileSync(recorded, `${[...fixture, JSON.stringify({ trailer: true, events: fixture.length, digest })].join('\n')}\n`);
    const target = await fresh();
    printed.length = 0;
    expect(await importCommand(['--in', recorded, '--database-url', target.url], {}, io)).toBe(0);
    expect(printed).toContain(`digest ${digest}`);
    // No checkpoint lines and no count in the trailer, as in exports written before checkpoints were exported.
    expect(printed).toContain('署名済みチェックポイント / signed checkpoints: 0 restored, 0 already present');
    expect(await digestOf(target.url)).toBe(`digest ${digest}`);
    const [stored] = await target.superuserQuery<{ n: number; formats: number[]; payloads: number }>(
      'SELECT count(*)::int AS n, array_agg(DISTINCT hash_version) AS formats, count(payload)::int AS payloads FROM events',
    );
    expect(stored).toEqual({ n: fixture.length, formats: [1], payloads: 0 });
  });
});
