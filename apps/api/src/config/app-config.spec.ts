import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { DEV_JWT_SECRET, InvalidConfigError, loadConfig, secretWeakness } from './app-config';
import { withSecretFiles } from './secret-files';

const SECRET = 'a-production-secret-of-at-least-32-characters';
const DEV = { NODE_ENV: 'development' };
const PROD = { NODE_ENV: 'production', JWT_SECRET: SECRET, DATABASE_URL: 'postgres://grants@db:5432/grants' };

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected loadConfig to refuse the configuration');
}

describe('loadConfig', () => {
  it('gives development defaults when NODE_ENV says development', () => {
    const config = loadConfig(DEV);
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
      JWT_MAX_TTL_SECONDS: 43_200,
      DATA_DIR: '.data',
      EMBEDDED_PG_PORT: 54320,
      EVENT_STORE: 'postgres',
      JWT_SECRET: DEV_JWT_SECRET,
      LOG_LEVEL: 'info',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.usesEmbeddedDatabase).toBe(true);
  });

  it('parses numbers and ignores unknown variables and empty values', () => {
    const config = loadConfig({ ...DEV, PORT: '3999', EMBEDDED_PG_PORT: '5555', HOST: '', PATH: '/usr/bin', LOG_LEVEL: 'debug' });
    expect(config.PORT).toBe(3999);
    expect(config.EMBEDDED_PG_PORT).toBe(5555);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config).not.toHaveProperty('PATH');
  });

  it('accepts a safe production configuration', () => {
    const config = loadConfig(PROD);
    expect(config.isProduction).toBe(true);
    expect(config.usesEmbeddedDatabase).toBe(false);
  });

  it('refuses production without JWT_SECRET', () => {
    expect(problemsOf({ ...PROD, JWT_SECRET: undefined })).toEqual([expect.stringMatching(/^JWT_SECRET: is required unless NODE_ENV=development or test/)]);
  });

  it('uses the development secret only when NODE_ENV says development or test explicitly', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).JWT_SECRET).toBe(DEV_JWT_SECRET);
    expect(problemsOf({})).toEqual([expect.stringMatching(/^JWT_SECRET: is required unless NODE_ENV=development or test/)]);
    expect(problemsOf({ JWT_SECRET: DEV_JWT_SECRET })).toEqual(['JWT_SECRET: is built on the public development secret']);
  });

  it.each<[string, string, RegExp]>([
    ['the development secret plus "!"', `${DEV_JWT_SECRET}!`, /development secret/],
    ['the development secret in capitals', DEV_JWT_SECRET.toUpperCase(), /development secret/],
    ['32 × "a"', 'a'.repeat(32), /1 distinct characters/],
    ['a short pattern repeated', 'Ab3$Cd4%Ef5&'.repeat(3), /repeats a short pattern/],
    ['a keyboard run', 'abcdefghijklmnopqrstuvwxyz0123456789', /consecutive/],
    ['an alternation of two characters', 'ab'.repeat(20), /2 distinct characters/],
  ])('refuses a weak JWT_SECRET outside development: %s', (_label, secret, reason) => {
    expect(problemsOf({ ...PROD, JWT_SECRET: secret })).toEqual([expect.stringMatching(reason)]);
    expect(secretWeakness(secret)).toMatch(reason);
  });

  it('accepts generated secrets: 48 random bytes in base64, 32 random bytes in hex', () => {
    expect(secretWeakness('u94cieF44u4eWcaqaLAcq/eciFE/5+KKp+8KuG9+Cj0IAmtaszQxZ1lPq3kR7mNw')).toBeUndefined();
    expect(secretWeakness('295b7ba5955c43d88db3a221bc7a3aaa58e0422b2567508464c1d2e3f4a5b6c7')).toBeUndefined();
  });

  it('limits token life to 900 s outside development: the default there, and a longer maximum refused', () => {
    expect(loadConfig(PROD).JWT_MAX_TTL_SECONDS).toBe(900);
    expect(loadConfig({ ...PROD, JWT_MAX_TTL_SECONDS: '600' }).JWT_MAX_TTL_SECONDS).toBe(600);
    expect(problemsOf({ ...PROD, JWT_MAX_TTL_SECONDS: '43200' })).toEqual(['JWT_MAX_TTL_SECONDS: at most 900 unless NODE_ENV=development or test']);
    expect(loadConfig({ ...DEV, JWT_MAX_TTL_SECONDS: '43200' }).JWT_MAX_TTL_SECONDS).toBe(43_200);
  });

  it('takes an identity provider’s public key (PEM, or a file) or JWKS URL instead of a secret in production', () => {
    const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const withKey = loadConfig({ ...PROD, JWT_SECRET: undefined, JWT_PUBLIC_KEY: pem });
    expect([withKey.JWT_SECRET, withKey.JWT_PUBLIC_KEY]).toEqual([undefined, pem.trim()]);
    const file = join(mkdtempSync(join(tmpdir(), 'jwt-key-')), 'idp.pem');
    writeFileSync(file, pem);
    expect(loadConfig({ ...PROD, JWT_SECRET: undefined, JWT_PUBLIC_KEY_FILE: file }).JWT_PUBLIC_KEY).toBe(pem.trim());
    expect(loadConfig({ ...PROD, JWT_SECRET: undefined, JWT_JWKS_URL: 'https://idp.example.jp/jwks.json' }).JWT_JWKS_URL).toBe('https://idp.example.jp/jwks.json');
    expect(problemsOf({ ...PROD, JWT_JWKS_URL: 'http://idp.example.jp/jwks.json' })).toEqual(['JWT_JWKS_URL: must be https:// unless NODE_ENV=development or test']);
    expect(problemsOf({ ...PROD, JWT_PUBLIC_KEY_FILE: join(file, 'missing') })).toEqual([expect.stringMatching(/^JWT_PUBLIC_KEY_FILE: cannot be read/)]);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problemsOf({ ...PROD, JWT_PUBLIC_KEY: ec })).toEqual([expect.stringMatching(/^JWT_PUBLIC_KEY: must be an Ed25519 \(EdDSA\) or RSA \(RS256\) key/)]);
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(problemsOf({ ...PROD, JWT_PUBLIC_KEY: rsa1024 })).toEqual(['JWT_PUBLIC_KEY: an RSA key must have at least 2048 bits']);
  });

  it('takes OpenID Connect sign-in settings together, https only in production, with secure session cookies there', () => {
    const oidc = { OIDC_ISSUER: 'https://id.example.go.jp', OIDC_CLIENT_ID: 'grants', OIDC_REDIRECT_URI: 'https://grants.example.go.jp/auth/oidc/callback' };
    const config = loadConfig({ ...PROD, ...oidc });
    expect(config).toMatchObject({ oidcEnabled: true, secureCookies: true, OIDC_SCOPES: 'openid', OIDC_ROLE_CLAIM: 'grants_role', OIDC_ORGANISATION_CLAIM: 'organisation_code' });
    expect(loadConfig(DEV)).toMatchObject({ oidcEnabled: false, secureCookies: false, SESSION_IDLE_SECONDS: 1800, SESSION_MAX_SECONDS: 28_800 });
    expect(problemsOf({ ...PROD, OIDC_ISSUER: oidc.OIDC_ISSUER })).toEqual([
      'OIDC_CLIENT_ID: is required for OpenID Connect sign-in (give OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_REDIRECT_URI together)',
      'OIDC_REDIRECT_URI: is required for OpenID Connect sign-in (give OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_REDIRECT_URI together)',
    ]);
    expect(problemsOf({ ...PROD, OIDC_CLIENT_SECRET: SECRET }).map((p) => p.split(':')[0])).toEqual(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI']);
    expect(problemsOf({ ...PROD, ...oidc, OIDC_ISSUER: 'http://id.example.go.jp' })).toEqual(['OIDC_ISSUER: must be https:// unless NODE_ENV=development or test']);
    expect(loadConfig({ ...DEV, ...oidc, OIDC_ISSUER: 'http://127.0.0.1:3121' }).oidcEnabled).toBe(true);
    expect(problemsOf({ ...PROD, ...oidc, OIDC_POST_LOGOUT_REDIRECT_URI: 'http://grants.example.go.jp/app/sign-in' })).toEqual([
      'OIDC_POST_LOGOUT_REDIRECT_URI: must be https:// unless NODE_ENV=development or test',
    ]);
    expect(problemsOf({ ...PROD, ...oidc, OIDC_SCOPES: 'profile email' })).toEqual(['OIDC_SCOPES: OIDC_SCOPES must include openid']);
    expect(problemsOf({ ...PROD, ...oidc, OIDC_REDIRECT_URI: 'https://grants.example.go.jp/callback' })[0]).toMatch(/^OIDC_REDIRECT_URI: .*\/auth\/oidc\/callback/);
    expect(problemsOf({ ...DEV, SESSION_IDLE_SECONDS: '7200', SESSION_MAX_SECONDS: '3600' })).toEqual(['SESSION_IDLE_SECONDS: must not exceed SESSION_MAX_SECONDS']);
  });

  it('starts from what docker-compose.yml passes: no sign-in when .env names no provider, sign-in once it does', () => {
    const api = (YAML.parse(readFileSync(join(__dirname, '../../../../docker-compose.yml'), 'utf8')) as { services: { api: { environment: Record<string, string> } } }).services.api.environment;
    // Compose's `${NAME:-default}` with ./.env holding `dotEnv`; the client secret's file as `: > oidc_client_secret` leaves it.
    const composed = (dotEnv: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(api)
          .filter(([name]) => name.startsWith('OIDC_') && name !== 'OIDC_CLIENT_SECRET_FILE')
          .map(([name, value]) => [name, value.replace(/^\$\{(\w+):-(.*)\}$/, (_, variable: string, fallback: string) => dotEnv[variable] ?? fallback)]),
      );
    const emptySecret = withSecretFiles({ OIDC_CLIENT_SECRET_FILE: '/run/secrets/oidc_client_secret' }, () => '');
    expect(Object.keys(composed({}))).toEqual(expect.arrayContaining(['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI', 'OIDC_POST_LOGOUT_REDIRECT_URI']));
    expect(loadConfig({ ...PROD, ...composed({}), ...emptySecret })).toMatchObject({ oidcEnabled: false });
    const provider = { OIDC_ISSUER: 'https://id.example.lg.jp', OIDC_CLIENT_ID: 'grants', OIDC_REDIRECT_URI: 'https://grants.example.lg.jp/auth/oidc/callback' };
    expect(loadConfig({ ...PROD, ...composed(provider), ...emptySecret })).toMatchObject({ oidcEnabled: true, ...provider, OIDC_SCOPES: 'openid', OIDC_CLIENT_SECRET: undefined });
    expect(loadConfig({ ...PROD, ...composed(provider), ...withSecretFiles({ OIDC_CLIENT_SECRET_FILE: '/run/secrets/x' }, () => `${SECRET}\n`) }).OIDC_CLIENT_SECRET).toBe(SECRET);
  });

  it('refuses a JWT_SECRET shorter than 32 characters', () => {
    expect(problemsOf({ ...PROD, JWT_SECRET: 'short' })).toEqual(['JWT_SECRET: JWT_SECRET must be at least 32 characters']);
  });

  it('refuses the development JWT secret in production', () => {
    expect(problemsOf({ ...PROD, JWT_SECRET: DEV_JWT_SECRET })).toEqual([expect.stringContaining('development secret')]);
  });

  it('refuses the embedded database in production', () => {
    expect(problemsOf({ ...PROD, DATABASE_URL: undefined })).toEqual([expect.stringMatching(/^DATABASE_URL: is required when NODE_ENV=production/)]);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(problemsOf({ ...DEV, EVENT_STORE: 'eventstoredb' })).toEqual([
      expect.stringContaining('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb'),
    ]);
    expect(problemsOf({ ...DEV, EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' })).toEqual([
      expect.stringContaining('must look like esdb://'),
    ]);
    expect(loadConfig({ ...DEV, EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false' }).EVENT_STORE).toBe(
      'eventstoredb',
    );
  });

  it('lists every problem at once and never echoes a secret', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'http', NODE_ENV: 'staging', EVENT_STORE: 'mongo', DATABASE_URL: 'mysql://x', JWT_SECRET: 'hunter2', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e as InvalidConfigError;
      }
      throw new Error('expected a refusal');
    })();
    expect(error.code).toBe('CONFIG.INVALID');
    expect(error.problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'EVENT_STORE', 'JWT_SECRET', 'LOG_LEVEL', 'NODE_ENV', 'PORT']);
    expect(error.message).toMatch(/^設定が不正なため起動できません。 Refusing to start/);
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a port out of range', () => {
    expect(problemsOf({ ...DEV, PORT: '70000' })).toEqual([expect.stringMatching(/^PORT: /)]);
  });

  it('serves /metrics outside production by default and asks production for a token when it is on', () => {
    expect(loadConfig(DEV).metricsEnabled).toBe(true);
    expect(loadConfig({ ...DEV, METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
    expect(loadConfig(PROD).metricsEnabled).toBe(false);
    expect(problemsOf({ ...PROD, METRICS_ENABLED: 'true' })).toEqual([expect.stringMatching(/^METRICS_TOKEN: is required/)]);
    expect(loadConfig({ ...PROD, METRICS_ENABLED: 'true', METRICS_TOKEN: 'x'.repeat(32) }).metricsEnabled).toBe(true);
    expect(problemsOf({ ...DEV, METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN: METRICS_TOKEN must be at least 32 characters']);
    expect(problemsOf({ ...DEV, METRICS_ENABLED: 'yes' })).toEqual([expect.stringMatching(/^METRICS_ENABLED: /)]);
  });

  it('traces nowhere unless told: TRACING, or an OTLP endpoint alone', () => {
    expect(loadConfig(DEV).tracing).toBe('off');
    expect(loadConfig({ ...DEV, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toBe('otlp');
    expect(loadConfig({ ...DEV, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', TRACING: 'off' }).tracing).toBe('off');
    expect(loadConfig({ ...DEV, TRACING: 'console' }).tracing).toBe('console');
    expect(problemsOf({ ...DEV, TRACING: 'jaeger' })).toEqual([expect.stringMatching(/^TRACING: /)]);
    expect(problemsOf({ ...DEV, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT: /)]);
  });
});
