import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf } from '@grants/event-store';
import { InvalidConfigError, loadConfig } from '../../config/app-config';
import { loadAuditSigningKey } from './audit-signing-key';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('base64'), JWT_MAX_TTL_SECONDS: '900', DATABASE_URL: 'postgres://db/grants' };

describe('the checkpoint signing key from the configuration', () => {
  const keys = generateKeyPairSync('ed25519');
  const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const dir = mkdtempSync(join(tmpdir(), 'grants-key-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const problems = (env: Record<string, string>) => {
    try {
      loadAuditSigningKey(loadConfig(env));
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      return (error as InvalidConfigError).problems;
    }
    return [];
  };

  it('reads the PEM itself, with \\n escapes for one-line environments, or a file', () => {
    const expected = keyIdOf(keys.publicKey);
    expect(loadAuditSigningKey(loadConfig({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: pem }))).toMatchObject({ ephemeral: false, signer: { keyId: expected } });
    expect(loadAuditSigningKey(loadConfig({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: pem.replace(/\n/g, '\\n') })).signer.keyId).toBe(expected);
    const file = join(dir, 'audit.pem');
    writeFileSync(file, pem);
    expect(loadAuditSigningKey(loadConfig({ ...PRODUCTION, AUDIT_SIGNING_KEY_FILE: file })).signer.keyId).toBe(expected);
  });

  it('refuses production without a key, both variables at once, an unreadable file and a key that is not Ed25519', () => {
    expect(problems(PRODUCTION)).toEqual([expect.stringMatching(/^AUDIT_SIGNING_KEY or AUDIT_SIGNING_KEY_FILE: is required when NODE_ENV=production/)]);
    expect(problems({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: pem, AUDIT_SIGNING_KEY_FILE: '/x' })).toEqual(['AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_FILE: give one of them, not both']);
    expect(problems({ NODE_ENV: 'test', AUDIT_SIGNING_KEY_FILE: join(dir, 'absent.pem') })).toEqual(['AUDIT_SIGNING_KEY_FILE: cannot be read (ENOENT)']);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problems({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: rsa })).toEqual(['AUDIT_SIGNING_KEY: an Ed25519 private key is needed, not rsa']);
    const [garbled] = problems({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: `${pem.slice(0, 60)}!!` });
    expect(garbled).toMatch(/^AUDIT_SIGNING_KEY: not a PEM private key/);
    expect(garbled).not.toContain(pem.slice(28, 60));
  });

  it('makes a key for this run in development and tests, a different one each start', () => {
    const first = loadAuditSigningKey(loadConfig({ NODE_ENV: 'development' }));
    const second = loadAuditSigningKey(loadConfig({ NODE_ENV: 'test' }));
    expect(first.ephemeral && second.ephemeral).toBe(true);
    expect(first.signer.keyId).not.toBe(second.signer.keyId);
  });
});
