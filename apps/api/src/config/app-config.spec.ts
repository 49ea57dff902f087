import { DEV_JWT_SECRET, InvalidConfigError, loadConfig } from './app-config';

const SECRET = 'a-production-secret-of-at-least-32-characters';
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
  it('gives development defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '127.0.0.1',
      NODE_ENV: 'development',
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
    const config = loadConfig({ PORT: '3999', EMBEDDED_PG_PORT: '5555', HOST: '', PATH: '/usr/bin', LOG_LEVEL: 'debug' });
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
    expect(problemsOf({ ...PROD, JWT_SECRET: undefined })).toEqual([expect.stringMatching(/^JWT_SECRET: is required when NODE_ENV=production/)]);
  });

  it('refuses a JWT_SECRET shorter than 32 characters', () => {
    expect(problemsOf({ ...PROD, JWT_SECRET: 'short' })).toEqual(['JWT_SECRET: JWT_SECRET must be at least 32 characters']);
  });

  it('refuses the development JWT secret in production', () => {
    expect(problemsOf({ ...PROD, JWT_SECRET: DEV_JWT_SECRET })).toEqual([expect.stringContaining('development default')]);
  });

  it('refuses the embedded database in production', () => {
    expect(problemsOf({ ...PROD, DATABASE_URL: undefined })).toEqual([expect.stringMatching(/^DATABASE_URL: is required when NODE_ENV=production/)]);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(problemsOf({ EVENT_STORE: 'eventstoredb' })).toEqual([
      expect.stringContaining('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb'),
    ]);
    expect(problemsOf({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'http://x' })).toEqual([
      expect.stringContaining('must look like esdb://'),
    ]);
    expect(loadConfig({ EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false' }).EVENT_STORE).toBe(
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
    expect(problemsOf({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT: /)]);
  });

  it('serves /metrics outside production by default and asks production for a token when it is on', () => {
    expect(loadConfig({}).metricsEnabled).toBe(true);
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metricsEnabled).toBe(false);
    expect(loadConfig(PROD).metricsEnabled).toBe(false);
    expect(problemsOf({ ...PROD, METRICS_ENABLED: 'true' })).toEqual([expect.stringMatching(/^METRICS_TOKEN: is required/)]);
    expect(loadConfig({ ...PROD, METRICS_ENABLED: 'true', METRICS_TOKEN: 'x'.repeat(32) }).metricsEnabled).toBe(true);
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual(['METRICS_TOKEN: METRICS_TOKEN must be at least 32 characters']);
    expect(problemsOf({ METRICS_ENABLED: 'yes' })).toEqual([expect.stringMatching(/^METRICS_ENABLED: /)]);
  });

  it('traces nowhere unless told: TRACING, or an OTLP endpoint alone', () => {
    expect(loadConfig({}).tracing).toBe('off');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toBe('otlp');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', TRACING: 'off' }).tracing).toBe('off');
    expect(loadConfig({ TRACING: 'console' }).tracing).toBe('console');
    expect(problemsOf({ TRACING: 'jaeger' })).toEqual([expect.stringMatching(/^TRACING: /)]);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([expect.stringMatching(/^OTEL_EXPORTER_OTLP_ENDPOINT: /)]);
  });
});
