import { generateKeyPairSync, KeyObject, sign } from 'node:crypto';
import { verifyIdToken } from './id-token';
import { OidcRefusal } from './oidc-refusal';

const NOW = 1_800_000_000;
const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = { key: (kid: string) => ({ ed: ed.publicKey, rsa: rsa.publicKey })[kid] as KeyObject | undefined };
const expected = { issuer: 'https://id.example.go.jp', clientId: 'grants', nonce: 'n-1', nowSeconds: NOW };
const claims = { iss: expected.issuer, aud: 'grants', sub: 'tanaka', nonce: 'n-1', iat: NOW - 5, exp: NOW + 300 };

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(header: object, payload: object, key: KeyObject, digest: string | null): string {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${sign(digest, Buffer.from(input), key).toString('base64url')}`;
}
const edToken = (payload: object = claims) => token({ alg: 'EdDSA', kid: 'ed' }, payload, ed.privateKey, null);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof OidcRefusal) return error.code;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('verifyIdToken', () => {
  it('accepts an EdDSA ID token and returns its claims', () => {
    expect(verifyIdToken(edToken(), keys, expected)).toMatchObject({ sub: 'tanaka', aud: 'grants' });
  });

  it('accepts several audiences when azp names this client', () => {
    expect(verifyIdToken(edToken({ ...claims, aud: ['grants', 'other'], azp: 'grants' }), keys, expected).sub).toBe('tanaka');
  });

  it.each<[string, () => string, string]>([
    ['an algorithm that does not fit the key (RS256 header on the Ed25519 key)', () => token({ alg: 'RS256', kid: 'ed' }, claims, rsa.privateKey, 'sha256'), 'AUTH.OIDC_ID_TOKEN_INVALID'],
    ['an unknown kid', () => token({ alg: 'EdDSA', kid: 'gone' }, claims, ed.privateKey, null), 'AUTH.OIDC_ID_TOKEN_INVALID'],
    ['a crit header', () => token({ alg: 'EdDSA', kid: 'ed', crit: ['x'] }, claims, ed.privateKey, null), 'AUTH.OIDC_ID_TOKEN_INVALID'],
    ['an azp of another client', () => edToken({ ...claims, azp: 'other' }), 'AUTH.OIDC_ID_TOKEN_INVALID'],
    ['no iat', () => edToken({ ...claims, iat: undefined }), 'AUTH.OIDC_ID_TOKEN_INVALID'],
    ['an iat in the future', () => edToken({ ...claims, iat: NOW + 120 }), 'AUTH.OIDC_ID_TOKEN_EXPIRED'],
    ['an exp just past the 60 s tolerance', () => edToken({ ...claims, exp: NOW - 60 }), 'AUTH.OIDC_ID_TOKEN_EXPIRED'],
    ['another nonce', () => edToken({ ...claims, nonce: 'n-2' }), 'AUTH.OIDC_NONCE_MISMATCH'],
    ['a malformed token', () => 'not.a.token', 'AUTH.OIDC_ID_TOKEN_INVALID'],
  ])('refuses %s', (_label, make, code) => {
    expect(refusal(() => verifyIdToken(make(), keys, expected))).toBe(code);
  });

  it('accepts an exp within the 60 s tolerance', () => {
    expect(verifyIdToken(edToken({ ...claims, exp: NOW - 59 }), keys, expected).sub).toBe('tanaka');
  });
});
