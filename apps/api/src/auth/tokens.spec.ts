import { createHmac, generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { DEV_JWT_SECRET, loadConfig } from '../config/app-config';
import { CLOCK_TOLERANCE_SECONDS, DEFAULT_TOKEN_TTL_SECONDS, issueToken, TokenConfig, TokenRejected, verifyToken } from './tokens';

const config: TokenConfig = loadConfig({ NODE_ENV: 'development' });
const NOW = 1_900_000_000;
const OTHER_SECRET = 'another-secret-of-at-least-thirty-two-characters';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function craft(header: object, payload: object, secret = DEV_JWT_SECRET, hash = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}
const claims = (extra: object = {}) => ({ sub: 'admin-1', role: 'national-admin', org: 'MHLW', iss: 'grants-api', aud: 'grants', iat: NOW, exp: NOW + 600, ...extra });

function rejection(token: string, now = NOW, cfg: TokenConfig = config): TokenRejected {
  try {
    verifyToken(cfg, token, now);
  } catch (error) {
    if (error instanceof TokenRejected) return error;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('the JWT settings', () => {
  it('default to issuer grants-api, audience grants and 12 h, and can be configured', () => {
    expect(config).toMatchObject({ JWT_ISSUER: 'grants-api', JWT_AUDIENCE: 'grants', JWT_MAX_TTL_SECONDS: 43_200 });
    expect(loadConfig({ NODE_ENV: 'development', JWT_ISSUER: 'idp', JWT_AUDIENCE: 'api', JWT_MAX_TTL_SECONDS: '900' })).toMatchObject({
      JWT_ISSUER: 'idp',
      JWT_AUDIENCE: 'api',
      JWT_MAX_TTL_SECONDS: 900,
    });
    expect(() => loadConfig({ NODE_ENV: 'development', JWT_MAX_TTL_SECONDS: '10' })).toThrow(/JWT_MAX_TTL_SECONDS/);
  });
});

describe('issueToken and verifyToken', () => {
  it('round-trips an insurer and derives its prefecture', () => {
    const token = issueToken(config, { sub: 'kuwana-1', role: 'insurer', org: '242055' }, 600, NOW);
    expect(verifyToken(config, token, NOW + 10)).toEqual({ actorId: 'kuwana-1', role: 'insurer', organisationCode: '242055', prefectureCode: '24', issuer: 'grants-api' });
  });

  it('issues HS256 tokens with iss, aud, sub, iat and exp, 15 minutes by default', () => {
    const token = issueToken(config, { sub: 'a', role: 'prefecture', org: '01' }, undefined, NOW);
    const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ sub: 'a', role: 'prefecture', org: '01', iss: 'grants-api', aud: 'grants', iat: NOW, exp: NOW + DEFAULT_TOKEN_TTL_SECONDS });
  });

  it('uses the configured issuer, audience and secret on both sides', () => {
    const other: TokenConfig = { ...config, JWT_ISSUER: 'idp', JWT_AUDIENCE: 'api', JWT_SECRET: OTHER_SECRET };
    const token = issueToken(other, { sub: 'a', role: 'auditor', org: 'MHLW' }, 60, NOW);
    expect(verifyToken(other, token, NOW).role).toBe('auditor');
    expect(rejection(token).code).toBe('AUTH.TOKEN_INVALID');
  });

  it('refuses to issue tokens for invalid actors or lives', () => {
    expect(() => issueToken(config, { sub: 'a', role: 'prefecture', org: '48' })).toThrow(/prefecture code 01–47/);
    expect(() => issueToken(config, { sub: 'a', role: 'insurer', org: '242056' })).toThrow(/check digit/);
    expect(() => issueToken(config, { sub: 'a', role: 'insurer', org: '240001' })).toThrow(/prefecture's own code/);
    expect(() => issueToken(config, { sub: 'a', role: 'national-admin', org: '24' })).toThrow(/MHLW/);
    expect(() => issueToken(config, { sub: 'a b', role: 'auditor', org: 'MHLW' })).toThrow(/sub/);
    expect(() => issueToken(config, { sub: 'a', role: 'auditor', org: 'MHLW' }, 0)).toThrow(/ttl/);
    expect(() => issueToken(config, { sub: 'a', role: 'auditor', org: 'MHLW' }, 43_201)).toThrow(/JWT_MAX_TTL_SECONDS/);
    expect(() => issueToken(config, { sub: 'a', role: 'auditor', org: 'MHLW' }, 1.5)).toThrow(/ttl/);
  });

  it(`tolerates ${CLOCK_TOLERANCE_SECONDS} s of clock skew on exp and nbf, and no more`, () => {
    const token = issueToken(config, { sub: 'a', role: 'auditor', org: 'MHLW' }, 600, NOW);
    expect(verifyToken(config, token, NOW + 600 + 59).role).toBe('auditor');
    expect(rejection(token, NOW + 600 + 60).code).toBe('AUTH.TOKEN_EXPIRED');
    expect(verifyToken(config, craft({ alg: 'HS256' }, claims({ nbf: NOW + 60 })), NOW).role).toBe('national-admin');
    expect(rejection(craft({ alg: 'HS256' }, claims({ nbf: NOW + 61 }))).en).toMatch(/nbf/);
  });

  it('accepts a token without iat whose remaining life is within the maximum', () => {
    expect(verifyToken(config, craft({ alg: 'HS256' }, claims({ iat: undefined, exp: NOW + 43_200 })), NOW).role).toBe('national-admin');
    expect(rejection(craft({ alg: 'HS256' }, claims({ iat: undefined, exp: NOW + 43_201 }))).en).toMatch(/longer/);
  });

  it.each<[string, string, RegExp]>([
    ['alg none', `${b64({ alg: 'none' })}.${b64(claims())}.`, /algorithm/],
    ['alg none with a made-up signature', `${b64({ alg: 'none' })}.${b64(claims())}.AAAA`, /algorithm/],
    ['HS512', craft({ alg: 'HS512' }, claims(), DEV_JWT_SECRET, 'sha512'), /algorithm/],
    ['HS384', craft({ alg: 'HS384' }, claims(), DEV_JWT_SECRET, 'sha384'), /algorithm/],
    ['RS256 signed with the secret (algorithm confusion)', craft({ alg: 'RS256' }, claims()), /algorithm/],
    ['ES256', craft({ alg: 'ES256' }, claims()), /algorithm/],
    ['a wrong signature', craft({ alg: 'HS256' }, claims(), OTHER_SECRET), /signature/],
    ['a tampered payload', (() => { const [h, , s] = craft({ alg: 'HS256' }, claims()).split('.'); return `${h}.${b64(claims({ role: 'auditor' }))}.${s}`; })(), /signature/],
    ['a kid', craft({ alg: 'HS256', kid: 'key-1' }, claims()), /kid/],
    ['a wrong audience', craft({ alg: 'HS256' }, claims({ aud: 'other' })), /audience/],
    ['an audience list without ours', craft({ alg: 'HS256' }, claims({ aud: ['a', 'b'] })), /audience/],
    ['no audience', craft({ alg: 'HS256' }, claims({ aud: undefined })), /audience/],
    ['a wrong issuer', craft({ alg: 'HS256' }, claims({ iss: 'evil' })), /issuer/],
    ['no issuer', craft({ alg: 'HS256' }, claims({ iss: undefined })), /issuer/],
    ['no exp', craft({ alg: 'HS256' }, claims({ exp: undefined })), /no expiry/],
    ['a string exp', craft({ alg: 'HS256' }, claims({ exp: String(NOW + 600) })), /not a number/],
    ['a string iat', craft({ alg: 'HS256' }, claims({ iat: 'yesterday' })), /not a number/],
    ['a life of 12 h and 1 s', craft({ alg: 'HS256' }, claims({ exp: NOW + 43_201 })), /longer/],
    ['an iat in the future', craft({ alg: 'HS256' }, claims({ iat: NOW + 3600, exp: NOW + 3700 })), /future/],
    ['an unknown role', craft({ alg: 'HS256' }, claims({ role: 'root' })), /role/],
    ['an insurer code with a bad check digit', craft({ alg: 'HS256' }, claims({ role: 'insurer', org: '242056' })), /check digit/],
    ['a numeric org', craft({ alg: 'HS256' }, claims({ role: 'prefecture', org: 24 })), /org/],
    ['no sub', craft({ alg: 'HS256' }, claims({ sub: undefined })), /sub/],
    ['a payload that is not JSON', `${b64({ alg: 'HS256' })}.${Buffer.from('nope').toString('base64url')}.AAAA`, /signature|malformed/],
    ['two parts', 'abc.def', /malformed/],
    ['garbage', 'not a token', /malformed/],
    ['a huge token', 'a.'.repeat(5000) + 'a', /malformed/],
  ])('refuses %s as AUTH.TOKEN_INVALID', (_label, token, reason) => {
    const refused = rejection(token);
    expect(refused.code).toBe('AUTH.TOKEN_INVALID');
    expect(refused.en).toMatch(reason);
    expect(refused.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });

  it('refuses an expired token as AUTH.TOKEN_EXPIRED', () => {
    expect(rejection(craft({ alg: 'HS256' }, claims({ iat: NOW - 7200, exp: NOW - 3600 }))).code).toBe('AUTH.TOKEN_EXPIRED');
  });

  it('enforces a shorter configured maximum life', () => {
    const strict: TokenConfig = { ...config, JWT_MAX_TTL_SECONDS: 900 };
    expect(rejection(craft({ alg: 'HS256' }, claims({ exp: NOW + 901 })), NOW, strict).en).toMatch(/900 s/);
    expect(verifyToken(strict, craft({ alg: 'HS256' }, claims({ exp: NOW + 900 })), NOW).role).toBe('national-admin');
  });
});

describe('tokens with a crit header or from an identity provider (RS256, EdDSA)', () => {
  const ed = generateKeyPairSync('ed25519');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
  const signed = (alg: 'RS256' | 'EdDSA', key: KeyObject, header: object = {}, payload: object = claims()) => {
    const input = `${b64({ alg, typ: 'JWT', ...header })}.${b64(payload)}`;
    return `${input}.${sign(alg === 'EdDSA' ? null : 'sha256', Buffer.from(input), key).toString('base64url')}`;
  };
  const withEd: TokenConfig = { ...config, JWT_PUBLIC_KEY: pem(ed.publicKey) };
  const withRsa: TokenConfig = { ...config, JWT_PUBLIC_KEY: pem(rsa.publicKey) };

  it('refuses a crit header, even naming nothing', () => {
    for (const crit of [['exp'], ['b64'], []]) {
      const refused = rejection(craft({ alg: 'HS256', crit, b64: false }, claims()));
      expect([refused.code, refused.en]).toEqual(['AUTH.TOKEN_INVALID', expect.stringMatching(/crit/)]);
    }
    expect(rejection(signed('EdDSA', ed.privateKey, { crit: ['exp'] }), NOW, withEd).en).toMatch(/crit/);
  });

  it('verifies EdDSA and RS256 tokens with the configured public key, and the secret’s HS256 tokens beside them', () => {
    expect(verifyToken(withEd, signed('EdDSA', ed.privateKey), NOW)).toEqual({ actorId: 'admin-1', role: 'national-admin', organisationCode: 'MHLW', issuer: 'grants-api' });
    expect(verifyToken(withRsa, signed('RS256', rsa.privateKey), NOW).role).toBe('national-admin');
    expect(verifyToken(withEd, craft({ alg: 'HS256' }, claims()), NOW).role).toBe('national-admin');
  });

  it.each<[string, () => [TokenConfig, string], RegExp]>([
    ['an EdDSA token while no public key is configured', () => [config, signed('EdDSA', ed.privateKey)], /algorithm/],
    ['an EdDSA token signed by another key', () => [withEd, signed('EdDSA', generateKeyPairSync('ed25519').privateKey)], /signature/],
    ['RS256 against an Ed25519 key (algorithm confusion)', () => [withEd, signed('RS256', rsa.privateKey)], /does not fit/],
    ['HS256 signed with the public key’s PEM as the secret', () => [withEd, craft({ alg: 'HS256' }, claims(), pem(ed.publicKey))], /signature/],
    ['an EdDSA token that lives too long', () => [{ ...withEd, JWT_MAX_TTL_SECONDS: 900 }, signed('EdDSA', ed.privateKey, {}, claims({ exp: NOW + 43_200 }))], /longer/],
    ['an EdDSA token of another issuer', () => [withEd, signed('EdDSA', ed.privateKey, {}, claims({ iss: 'evil' }))], /issuer/],
    ['ES256 even with keys configured', () => [withEd, craft({ alg: 'ES256' }, claims())], /algorithm/],
  ])('refuses %s', (_label, make, reason) => {
    const [cfg, token] = make();
    expect(rejection(token, NOW, cfg).en).toMatch(reason);
  });

  it('takes no HS256 token when no secret is configured (identity provider only), and issues none', () => {
    const idpOnly: TokenConfig = { ...withEd, JWT_SECRET: undefined };
    expect(rejection(craft({ alg: 'HS256' }, claims()), NOW, idpOnly).en).toMatch(/algorithm is not allowed \(RS256, EdDSA only\)/);
    expect(() => issueToken(idpOnly, { sub: 'a', role: 'auditor', org: 'MHLW' })).toThrow(/JWT_SECRET/);
  });
});
