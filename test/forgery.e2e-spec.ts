import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { withCheckDigit } from '@grants/domain';
import { EventStore, keyIdOf, publicKeyPem, SignedCheckpoint, verifyCheckpointSignature } from '@grants/event-store';
import { rehashChain } from '@grants/testing';
import { AuditCheckpoints } from '../apps/api/src/audit/checkpoints/audit-checkpoints.service';
import { EXIT_NOT_REPRODUCED, replayCommand } from '../apps/cli/src/replay.command';
import { EXIT_TAMPERED, verifyCommand } from '../apps/cli/src/verify.command';
import { openFiscalYearBody, walkOpenedYearToScored } from './support/fiscal-year';
import { startTestApp, TestApp } from './support/test-app';
import { bearer } from './support/tokens';

/**
 * Forgery: a superuser edits a finalized amount and the recalculation's differences, then re-hashes the
 * whole chain with the project's own function. The chain verifies, but the checkpoints the service signed after each
 * phase change and the finalization no longer match (API and CLI, exit 3), and the replay names every forged value.
 */
const FY = 'FY2024';
const admin = bearer('national-admin', 'MHLW', 'admin-1');
const admin2 = bearer('national-admin', 'MHLW', 'admin-2');
const auditor = bearer('auditor', 'MHLW', 'auditor-1');
const codes = ['24201', '24202', '24203', '24204'].map(withCheckDigit);
const POOLS = { suishinMunicipalYen: '10000000', suishinPrefecturalYen: '1000000', shienMunicipalYen: '20000000', shienPrefecturalYen: '1000000' };

interface CheckpointView {
  id: string;
  position: string;
  hash: string;
  signedAt: string;
  keyId: string;
  signature: string;
  reason: string;
  requestedBy: string | null;
}
interface Pool {
  pool: string;
  recipients: { code: string; amountYen: string }[];
}
interface Difference {
  pool: string;
  code: string;
  finalAmountYen: string;
  newAmountYen: string;
  differenceYen: string;
}

describe('a forged amount, re-hashed, is caught by the signed checkpoints and the replay', () => {
  const keys = generateKeyPairSync('ed25519');
  const dir = mkdtempSync(join(tmpdir(), 'grants-forgery-'));
  const publicKeyFile = join(dir, 'audit-public.pem');
  let testApp: TestApp;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const cliEnv = () => ({ DATABASE_URL: testApp.db.url });
  const verify = async (...args: string[]) => {
    const lines: string[] = [];
    const code = await verifyCommand(args, cliEnv(), { out: (line) => lines.push(line), err: (line) => lines.push(line) });
    return { code, lines };
  };

  beforeAll(async () => {
    writeFileSync(publicKeyFile, publicKeyPem(keys.publicKey));
    testApp = await startTestApp({ AUDIT_SIGNING_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
    app = testApp.app;
  });
  afterAll(async () => {
    await testApp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walks a small year to finalization and a recalculation', async () => {
    const dueAt = new Date(Date.now() + 3000);
    await http().post('/fiscal-years').set('Authorization', admin).send(openFiscalYearBody(FY, dueAt, POOLS)).expect(201);
    await walkOpenedYearToScored(app, FY, codes, admin, dueAt);
    const calc = `/fiscal-years/${FY}/calculations`;
    await http().post(`${calc}/trials`).set('Authorization', admin).expect(201);
    await http().post(`${calc}/finalization-request`).set('Authorization', admin).send({ trialNumber: 1 }).expect(200);
    await http().post(`${calc}/finalization-approval`).set('Authorization', admin2).expect(200);
    const requested = await http()
      .post(`${calc}/score-corrections`)
      .set('Authorization', admin)
      .send({ level: 'municipal', code: codes[1], grant: 'suishin', score: 0, reason: '監査で根拠資料の不備が判明。' })
      .expect(200);
    await http().post(`${calc}/score-corrections/${requested.body.correctionId}/approval`).set('Authorization', admin2).expect(200);
    await http().post(`${calc}/recalculations`).set('Authorization', admin).expect(201);

    const replay = await http().get(`/audit/fiscal-years/${FY}/replay`).set('Authorization', auditor).expect(200);
    // The scoring, the trial, the finalization request and approval, the correction request and approval, the recalculation.
    expect(replay.body).toMatchObject({ decisions: 7, mismatches: [], reproduced: true });
  });

  it('signed a checkpoint after each phase change, the finalization and the recalculation, each verifiable with the public key alone', async () => {
    await app.get(AuditCheckpoints).catchUp();
    await http().get('/audit/checkpoints').set('Authorization', bearer('insurer', codes[0])).expect(403);
    const listed = await http().get('/audit/checkpoints').set('Authorization', auditor).expect(200);
    expect(listed.body.keys).toEqual([{ keyId: keyIdOf(keys.publicKey), publicKey: publicKeyPem(keys.publicKey), current: true, ephemeral: false }]);
    const checkpoints: CheckpointView[] = listed.body.checkpoints;
    const phases = await testApp.db.superuserQuery<{ position: string; hash: string; type: string; stream_id: string }>(
      `SELECT position::text, hash, type, stream_id FROM events WHERE type IN ('FiscalYearPhaseAdvanced', 'GrantsFinalized', 'GrantsRecalculated') ORDER BY position`,
    );
    expect(phases.map((e) => e.type)).toEqual(['FiscalYearPhaseAdvanced', 'FiscalYearPhaseAdvanced', 'FiscalYearPhaseAdvanced', 'GrantsFinalized', 'GrantsRecalculated']);
    expect(checkpoints.map((c) => ({ position: c.position, hash: c.hash, reason: c.reason }))).toEqual(phases.map((e) => ({ position: e.position, hash: e.hash, reason: `${e.type} ${e.stream_id}` })));
    for (const c of checkpoints) expect(verifyCheckpointSignature(keys.publicKey, toSigned(c))).toBe(true);
  });

  it('signs the chain head on demand for a national administrator only', async () => {
    const head = await (app.get(EventStore) as unknown as { head(): Promise<{ position: bigint; hash: string }> }).head();
    const signed = await http().post('/audit/checkpoints').set('Authorization', admin).expect(201);
    expect(signed.body).toMatchObject({ position: head.position.toString(), hash: head.hash, reason: 'on demand', requestedBy: 'admin-1', keyId: keyIdOf(keys.publicKey) });
    expect(verifyCheckpointSignature(keys.publicKey, toSigned(signed.body))).toBe(true);
    expect((await http().post('/audit/checkpoints').set('Authorization', auditor).expect(403)).body.code).toBe('AUTH.AUDITOR_READ_ONLY');
    expect((await http().post('/audit/checkpoints').set('Authorization', bearer('national-reviewer', 'MHLW')).expect(403)).body.code).toBe('AUTH.ROLE_NOT_ALLOWED');

    const chain = await http().get('/audit/chain').set('Authorization', auditor).expect(200);
    expect(chain.body).toMatchObject({ ok: true, failure: null, checkpoints: { ok: true, checked: 6, failed: 0, failure: null, unsignedEvents: '0' } });
    const cli = await verify('--public-key', publicKeyFile);
    expect(cli.code).toBe(0);
    expect(cli.lines).toContain(`チェックポイント検証成功 / checkpoints verified: 6 signed by ${keyIdOf(keys.publicKey)}, latest #${signed.body.id} at ${head.position} (${signed.body.signedAt})`);
  });

  it('catches a forged finalized amount and forged differences after the chain was re-hashed', async () => {
    const [finalized] = await testApp.db.superuserQuery<{ position: string; event_id: string; data: { pools: Pool[] } }>(`SELECT position::text, event_id, data FROM events WHERE type = 'GrantsFinalized'`);
    const [recalculated] = await testApp.db.superuserQuery<{ position: string; event_id: string; data: { differences: Difference[] } }>(
      `SELECT position::text, event_id, data FROM events WHERE type = 'GrantsRecalculated'`,
    );
    const recipient = finalized.data.pools.find((p) => p.pool === 'suishin-municipal')!.recipients.find((r) => r.code === codes[0])!;
    const honestFinal = recipient.amountYen;
    recipient.amountYen = (BigInt(honestFinal) + 7_000_000_000n).toString();
    const difference = recalculated.data.differences.find((d) => d.pool === 'suishin-municipal' && d.code === codes[0])!;
    const honestDifference = difference.differenceYen;
    difference.finalAmountYen = recipient.amountYen;
    difference.differenceYen = (BigInt(difference.newAmountYen) - BigInt(recipient.amountYen)).toString();
    await testApp.db.superuserQuery('ALTER TABLE events DISABLE TRIGGER events_append_only');
    await testApp.db.superuserQuery('UPDATE events SET data = $1 WHERE position = $2', [finalized.data, finalized.position]);
    await testApp.db.superuserQuery('UPDATE events SET data = $1 WHERE position = $2', [recalculated.data, recalculated.position]);
    await testApp.db.superuserQuery('ALTER TABLE events ENABLE TRIGGER events_append_only');
    // Caught as it is; then re-hashed with the project's own function, the chain itself verifies again.
    expect((await http().get('/audit/chain').set('Authorization', auditor).expect(200)).body.failure).toMatchObject({ problem: 'altered', position: finalized.position });
    await rehashChain(testApp.db);

    const chain = await http().get('/audit/chain').set('Authorization', auditor).expect(200);
    const listed: CheckpointView[] = (await http().get('/audit/checkpoints').set('Authorization', auditor).expect(200)).body.checkpoints;
    const atFinalization = listed.find((c) => c.position === finalized.position)!;
    expect(atFinalization.reason).toBe('GrantsFinalized grant_calculation-FY2024');
    const [{ hash: rehashed }] = await testApp.db.superuserQuery<{ hash: string }>('SELECT hash FROM events WHERE position = $1', [finalized.position]);
    // The three phase changes before the forgery still match; the finalization, the recalculation and the on-demand one do not.
    expect(chain.body).toMatchObject({
      ok: false,
      failure: null,
      checkpoints: {
        ok: false,
        checked: 3,
        failed: 3,
        failure: { problem: 'hash_mismatch', checkpointId: atFinalization.id, position: finalized.position, signedHash: atFinalization.hash, chainHash: rehashed },
      },
    });

    const withoutKey = await verify();
    expect(withoutKey.code).toBe(0);
    expect(withoutKey.lines[0]).toMatch(/^検証成功 \/ verified: \d+ events$/);
    const withKey = await verify('--public-key', publicKeyFile);
    expect(withKey.code).toBe(EXIT_TAMPERED);
    expect(withKey.lines[0]).toBe(withoutKey.lines[0]);
    expect(withKey.lines.find((line) => line.startsWith('チェックポイント検証失敗'))).toContain(`Checkpoint #${atFinalization.id} (position ${finalized.position}`);

    const replay = await http().get(`/audit/fiscal-years/${FY}/replay`).set('Authorization', auditor).expect(200);
    expect(replay.body.reproduced).toBe(false);
    const at = (row: { position: string; event_id: string }, type: string) => ({ position: row.position, eventId: row.event_id, type });
    expect(replay.body.mismatches).toEqual(
      expect.arrayContaining([
        { ...at(finalized, 'GrantsFinalized'), recipient: codes[0], field: 'suishin-municipal.amountYen', recorded: recipient.amountYen, recomputed: honestFinal },
        {
          ...at(finalized, 'GrantsFinalized'),
          recipient: null,
          field: 'invariant.suishin-municipal.Σ amountYen + unallocatedYen = poolYen',
          recorded: (BigInt(POOLS.suishinMunicipalYen) + 7_000_000_000n).toString(),
          recomputed: POOLS.suishinMunicipalYen,
        },
        { ...at(recalculated, 'GrantsRecalculated'), recipient: codes[0], field: 'differences.suishin-municipal.finalAmountYen', recorded: recipient.amountYen, recomputed: honestFinal },
        { ...at(recalculated, 'GrantsRecalculated'), recipient: codes[0], field: 'differences.suishin-municipal.differenceYen', recorded: difference.differenceYen, recomputed: honestDifference },
      ]),
    );
    const printed: string[] = [];
    expect(await replayCommand(['--fiscal-year', FY], cliEnv(), { out: (line) => printed.push(line) })).toBe(EXIT_NOT_REPRODUCED);
    expect(printed.join('\n')).toContain('differences.suishin-municipal.differenceYen');
  });
});

function toSigned(view: CheckpointView): SignedCheckpoint {
  return { position: BigInt(view.position), hash: view.hash, signedAt: new Date(view.signedAt), keyId: view.keyId, signature: view.signature };
}
