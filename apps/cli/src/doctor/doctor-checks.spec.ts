import fc from 'fast-check';
import {
  appRoleCheck,
  chainCheck,
  clockSkewCheck,
  diskSpaceCheck,
  doctorFailed,
  formatCheck,
  GIB,
  migrationsCheck,
  projectionsCheck,
} from './doctor-checks';

const HASH = 'a'.repeat(64);

describe('doctor: migrations', () => {
  it('passes when every migration in code is applied, fails naming the missing ones, warns about unknown ones', () => {
    expect(migrationsCheck(['A1', 'B2'], ['A1', 'B2']).status).toBe('ok');
    const missing = migrationsCheck(['A1', 'B2', 'C3'], ['A1']);
    expect(missing.status).toBe('fail');
    expect(missing.message).toContain('2 of 3 migrations not applied: B2, C3');
    expect(migrationsCheck(['A1'], []).status).toBe('fail');
    expect(migrationsCheck(['A1'], ['A1', 'Z9'])).toMatchObject({ status: 'warn', message: expect.stringContaining('Z9') });
  });
});

describe('doctor: the app role', () => {
  it('fails for a missing role, any risk, or a role that cannot append; passes an append-only role', () => {
    expect(appRoleCheck({ role: 'app', exists: false, risks: [], canAppend: false }).status).toBe('fail');
    expect(appRoleCheck({ role: 'owner', exists: true, risks: ['owns the events table'], canAppend: true })).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('"owner" owns the events table'),
    });
    expect(appRoleCheck({ role: 'postgres', exists: true, risks: ['is a superuser'], canAppend: true }).status).toBe('fail');
    expect(appRoleCheck({ role: 'app', exists: true, risks: ['has DELETE on events'], canAppend: true }).status).toBe('fail');
    expect(appRoleCheck({ role: 'app', exists: true, risks: [], canAppend: false }).status).toBe('fail');
    expect(appRoleCheck({ role: 'app', exists: true, risks: [], canAppend: true }).status).toBe('ok');
  });
});

describe('doctor: the chain and its signed checkpoints', () => {
  const chain = { ok: true, checked: 12, head: { position: 12n, hash: HASH }, storedCheckpoints: 3 };

  it('warns, with the number stored, when no public key was given', () => {
    expect(chainCheck(chain)).toMatchObject({ status: 'warn', message: expect.stringContaining('3 signed checkpoints stored, signatures not checked') });
  });

  it('passes when every key verifies, fails when the chain or one key does not', () => {
    const good = { keyId: 'b'.repeat(64), ok: true, checked: 2, latest: { id: '7', position: 10n } };
    expect(chainCheck({ ...chain, keys: [good] })).toMatchObject({ status: 'ok', message: expect.stringContaining('2 by bbbbbbbbbbbbbbbb… (latest #7 at 10)') });
    const bad = { keyId: 'c'.repeat(64), ok: false, checked: 0, failure: 'Checkpoint #8 no longer matches the chain' };
    expect(chainCheck({ ...chain, keys: [good, bad] })).toMatchObject({ status: 'fail', message: expect.stringContaining('#8 no longer matches') });
    expect(chainCheck({ ...chain, ok: false, checked: 4, failure: 'event at 5 altered', keys: [good] })).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('after 4 good events: event at 5 altered'),
    });
  });
});

describe('doctor: projections', () => {
  const now = new Date('2025-04-01T00:10:00Z');
  const limits = { maxLag: 100, stallMs: 60_000 };
  const old = new Date('2025-04-01T00:00:00Z');
  const recent = new Date('2025-04-01T00:09:50Z');

  it('passes when every read model is at the head', () => {
    expect(projectionsCheck({ position: 50n, recordedAt: old }, [{ name: 'a', position: 50n, updatedAt: old }], now, limits).status).toBe('ok');
  });

  it('fails a read model more than maxLag behind, whatever its last move', () => {
    const result = projectionsCheck({ position: 500n, recordedAt: recent }, [{ name: 'a', position: 399n, updatedAt: recent }], now, limits);
    expect(result).toMatchObject({ status: 'fail', message: expect.stringContaining('a 101 behind (at 399 of 500)') });
  });

  it('fails a read model behind an old head that has not moved for stallMs (stalled), or never ran', () => {
    expect(projectionsCheck({ position: 50n, recordedAt: old }, [{ name: 'a', position: 49n, updatedAt: old }], now, limits)).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('a stalled 1 behind'),
    });
    expect(projectionsCheck({ position: 5n, recordedAt: old }, [{ name: 'b' }], now, limits).message).toContain('not moved since never');
  });

  it('passes a read model a little behind a fresh head (catching up), saying so', () => {
    const result = projectionsCheck({ position: 50n, recordedAt: recent }, [{ name: 'a', position: 45n, updatedAt: old }], now, limits);
    expect(result).toMatchObject({ status: 'ok', message: expect.stringContaining('catching up: a 5 behind') });
  });

  it('passes an empty log with no checkpoints', () => {
    expect(projectionsCheck({ position: 0n }, [{ name: 'a' }], now, limits).status).toBe('ok');
  });
});

describe('doctor: clock skew', () => {
  it('measures the database clock against the midpoint of the round trip; more than 2 s either way fails', () => {
    const before = new Date('2025-04-01T00:00:00.000Z');
    const after = new Date('2025-04-01T00:00:00.100Z');
    expect(clockSkewCheck(new Date('2025-04-01T00:00:02.000Z'), before, after)).toMatchObject({ status: 'ok', message: expect.stringContaining('+1950 ms') });
    expect(clockSkewCheck(new Date('2025-04-01T00:00:02.100Z'), before, after).status).toBe('fail');
    expect(clockSkewCheck(new Date('2025-03-31T23:59:57.000Z'), before, after)).toMatchObject({ status: 'fail', message: expect.stringContaining('−3050 ms') });
  });

  it('fails exactly when |database − midpoint| exceeds the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: -10_000, max: 10_000 }), (start, trip, skew) => {
        const before = new Date(1_700_000_000_000 + start);
        const after = new Date(before.getTime() + trip);
        const database = new Date(before.getTime() + trip / 2 + skew);
        expect(clockSkewCheck(database, before, after).status).toBe(Math.abs(database.getTime() - (before.getTime() + after.getTime()) / 2) > 2_000 ? 'fail' : 'ok');
      }),
    );
  });
});

describe('doctor: disk space of the embedded data directory', () => {
  it('skips without a data directory, fails below 1 GiB or 5 % free, passes otherwise', () => {
    expect(diskSpaceCheck(undefined).status).toBe('skip');
    expect(diskSpaceCheck('.data/pg', { freeBytes: 0.5 * GIB, totalBytes: 2 * GIB }).status).toBe('fail');
    expect(diskSpaceCheck('.data/pg', { freeBytes: 4 * GIB, totalBytes: 100 * GIB }).status).toBe('fail');
    expect(diskSpaceCheck('.data/pg', { freeBytes: 6 * GIB, totalBytes: 100 * GIB })).toMatchObject({
      status: 'ok',
      message: '6.0 GiB free of 100.0 GiB (6.0%) at .data/pg',
    });
  });
});

describe('doctor: output', () => {
  it('prints ✓/✗/!/- on a terminal and ASCII words elsewhere; only a failure fails the run', () => {
    const ok = { check: 'clock', status: 'ok', message: 'fine' } as const;
    const fail = { check: 'disk', status: 'fail', message: 'low' } as const;
    expect(formatCheck(ok, true)).toBe('✓ clock: fine');
    expect(formatCheck(fail, true)).toBe('✗ disk: low');
    expect(formatCheck(fail, false)).toBe('FAIL disk: low');
    expect(formatCheck({ check: 'chain', status: 'warn', message: 'x' }, false)).toBe('WARN chain: x');
    expect(doctorFailed([ok, { check: 'chain', status: 'warn', message: 'x' }])).toBe(false);
    expect(doctorFailed([ok, fail])).toBe(true);
  });
});
