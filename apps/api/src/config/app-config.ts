import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync, ValidateIf } from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const EVENT_STORE_KINDS = ['postgres', 'eventstoredb'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const TRACING_KINDS = ['off', 'console', 'otlp'] as const;

/**
 * Signs development tokens only. `loadConfig` refuses it in production, so a forgotten JWT_SECRET can never
 * reach a real deployment.
 */
export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-do-not-use-in-production';

/** The service's configuration, read once from the environment at start-up and validated by `loadConfig`. */
export class AppConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  readonly PORT: number = 3000;

  @IsString()
  @IsNotEmpty()
  readonly HOST: string = '127.0.0.1';

  @IsIn(NODE_ENVS)
  readonly NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  /** External PostgreSQL; when absent, an embedded PostgreSQL 15 is started in `${DATA_DIR}/pg` (not in production). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  readonly DATABASE_URL?: string;

  @IsString()
  @IsNotEmpty()
  readonly DATA_DIR: string = '.data';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  readonly EMBEDDED_PG_PORT: number = 54320;

  @IsIn(EVENT_STORE_KINDS)
  readonly EVENT_STORE: (typeof EVENT_STORE_KINDS)[number] = 'postgres';

  @ValidateIf((config: AppConfig) => config.EVENT_STORE === 'eventstoredb' || config.EVENTSTORE_CONNECTION_STRING !== undefined)
  @IsNotEmpty({ message: 'EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb' })
  @Matches(/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/, {
    message: 'EVENTSTORE_CONNECTION_STRING must look like esdb://host:2113?tls=false',
  })
  readonly EVENTSTORE_CONNECTION_STRING?: string;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @MaxLength(4096)
  readonly JWT_SECRET: string = DEV_JWT_SECRET;

  /** `iss` every bearer token must carry (and that development tokens are issued with). */
  @IsString()
  @IsNotEmpty()
  readonly JWT_ISSUER: string = 'grants-api';

  /** `aud` every bearer token must carry. */
  @IsString()
  @IsNotEmpty()
  readonly JWT_AUDIENCE: string = 'grants';

  /**
   * Longest token life accepted (exp − iat, and exp − now). 12 h suits development tokens; RELIABILITY.md §3 asks
   * for ≤ 15 min (900) for interactive sign-in in production.
   */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 60 * 60)
  readonly JWT_MAX_TTL_SECONDS: number = 12 * 60 * 60;

  /**
   * Requests per minute from one client address, before authentication (bounds floods and token guessing). Generous,
   * because a prefecture's users may reach the service through one LGWAN gateway address.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly RATE_LIMIT_PER_IP_PER_MINUTE: number = 6000;

  /** Changes (POST/PUT/PATCH/DELETE) per minute by one authenticated user. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly RATE_LIMIT_WRITES_PER_MINUTE: number = 600;

  /** File uploads (CSV imports) per minute by one authenticated user: each one may write thousands of answers. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly RATE_LIMIT_UPLOADS_PER_MINUTE: number = 20;

  @IsIn(LOG_LEVELS)
  readonly LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /**
   * Ed25519 private key (PKCS #8 PEM) that signs the audit checkpoints of the hash chain, or AUDIT_SIGNING_KEY_FILE, a
   * path to one; never stored in the database. Required in production; in development and tests a key made at start.
   */
  @IsOptional()
  @IsString()
  readonly AUDIT_SIGNING_KEY?: string;

  @IsOptional()
  @IsString()
  readonly AUDIT_SIGNING_KEY_FILE?: string;

  /** Whether `/metrics` answers: default on outside production, off in production unless set to `true`. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'METRICS_ENABLED must be true or false' })
  readonly METRICS_ENABLED?: 'true' | 'false';

  /** Bearer token `/metrics` asks for; required in production when metrics are on (RELIABILITY.md §3: nothing open). */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'METRICS_TOKEN must be at least 32 characters' })
  @MaxLength(4096)
  readonly METRICS_TOKEN?: string;

  /** Where spans go: `off`, `console` (stdout, for a look by hand) or `otlp`; default `otlp` when an OTLP endpoint is set. */
  @IsOptional()
  @IsIn(TRACING_KINDS)
  readonly TRACING?: (typeof TRACING_KINDS)[number];

  /** OpenTelemetry collector (OTLP over HTTP), e.g. http://collector:4318; the exporter reads the other OTEL_* variables itself. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL' })
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** `/health/ready` fails while a read model is more than this many events behind the store's head. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  readonly READY_MAX_PROJECTION_LAG_EVENTS: number = 10_000;

  /** `/health/ready` fails while the oldest event a read model has not applied is older than this. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly READY_MAX_PROJECTION_LAG_SECONDS: number = 120;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** True when no DATABASE_URL is given and the service runs its own embedded PostgreSQL. */
  get usesEmbeddedDatabase(): boolean {
    return this.DATABASE_URL === undefined;
  }

  get metricsEnabled(): boolean {
    return this.METRICS_ENABLED === undefined ? !this.isProduction : this.METRICS_ENABLED === 'true';
  }

  get tracing(): (typeof TRACING_KINDS)[number] {
    return this.TRACING ?? (this.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? 'off' : 'otlp');
  }
}

type ConfigKey = Exclude<keyof AppConfig, 'isProduction' | 'usesEmbeddedDatabase' | 'metricsEnabled' | 'tracing'>;

const KEYS: readonly ConfigKey[] = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'DATABASE_URL',
  'DATA_DIR',
  'EMBEDDED_PG_PORT',
  'EVENT_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'JWT_SECRET',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_MAX_TTL_SECONDS',
  'RATE_LIMIT_PER_IP_PER_MINUTE',
  'RATE_LIMIT_WRITES_PER_MINUTE',
  'RATE_LIMIT_UPLOADS_PER_MINUTE',
  'LOG_LEVEL',
  'AUDIT_SIGNING_KEY',
  'AUDIT_SIGNING_KEY_FILE',
  'METRICS_ENABLED',
  'METRICS_TOKEN',
  'TRACING',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'READY_MAX_PROJECTION_LAG_EVENTS',
  'READY_MAX_PROJECTION_LAG_SECONDS',
];

/** Thrown by `loadConfig`; the message lists every problem, one per line, and never echoes a secret's value. */
export class InvalidConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`設定が不正なため起動できません。 Refusing to start: invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfigError';
  }
}

/**
 * Reads the service's settings from an environment (pure: pass `process.env` or a literal). Unknown variables are
 * ignored and empty values count as unset. Throws `InvalidConfigError` on a malformed or unsafe configuration.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const plain: Partial<Record<ConfigKey, string>> = {};
  for (const key of KEYS) {
    const value = env[key]?.trim();
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const config = plainToInstance(AppConfig, plain);
  const problems = validateSync(config, { forbidUnknownValues: true }).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
  );
  if (config.isProduction) {
    // An unsafe production start is refused outright rather than warned about (RELIABILITY.md §3, config).
    if (plain.JWT_SECRET === undefined) problems.push('JWT_SECRET: is required when NODE_ENV=production (at least 32 characters)');
    else if (plain.JWT_SECRET === DEV_JWT_SECRET) problems.push('JWT_SECRET: the development default must not be used in production');
    if (config.usesEmbeddedDatabase) {
      problems.push('DATABASE_URL: is required when NODE_ENV=production (the embedded PostgreSQL is for development only)');
    }
    if (config.metricsEnabled && plain.METRICS_TOKEN === undefined) {
      problems.push('METRICS_TOKEN: is required when METRICS_ENABLED=true and NODE_ENV=production (/metrics is never open to anyone)');
    }
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return Object.freeze(config);
}
