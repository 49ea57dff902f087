import 'reflect-metadata';
import { createPublicKey, KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync, ValidateIf } from 'class-validator';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const EVENT_STORE_KINDS = ['postgres', 'eventstoredb'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const TRACING_KINDS = ['off', 'console', 'otlp'] as const;

/**
 * Signs development tokens only. `loadConfig` uses it only when NODE_ENV says `development` or `test` explicitly and
 * refuses it (or anything built on it) everywhere else, so a forgotten JWT_SECRET can never reach a real deployment.
 */
export const DEV_JWT_SECRET = 'dev-only-insecure-jwt-secret-do-not-use-in-production';

/** Longest token life outside development and test (RELIABILITY.md §3: interactive sign-in ≤ 15 min). */
export const PRODUCTION_MAX_TTL_SECONDS = 900;
/** Token life accepted by default in development and test (development tokens for a working day). */
export const DEVELOPMENT_MAX_TTL_SECONDS = 12 * 60 * 60;
/** Least estimated entropy (bits) of a JWT_SECRET outside development and test; 32 random hex characters give ~118, 32 random bytes in base64 ~215. */
export const MIN_SECRET_ENTROPY_BITS = 100;

/**
 * Why a JWT_SECRET is too weak to sign real tokens, or undefined. Beyond the length (≥ 32) it refuses what a person
 * types instead of generating: the development secret or anything containing it, few distinct characters (32×`a`),
 * a short pattern repeated, a run of consecutive characters, and less than MIN_SECRET_ENTROPY_BITS estimated from the
 * character frequencies (Shannon entropy × length). Generate one with `openssl rand -base64 48`.
 */
export function secretWeakness(secret: string): string | undefined {
  if (secret.length < 32) return 'must be at least 32 characters';
  if (secret.toLowerCase().includes(DEV_JWT_SECRET)) return 'is built on the public development secret';
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  if (counts.size < 12) return `has only ${counts.size} distinct characters (at least 12)`;
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((c, i) => i < period || c === chars[i - period])) return 'repeats a short pattern';
  }
  let steps = 0;
  for (let i = 1; i < chars.length; i++) if (Math.abs(chars[i].codePointAt(0)! - chars[i - 1].codePointAt(0)!) <= 1) steps++;
  if (steps * 2 >= chars.length) return 'is mostly a run of consecutive characters';
  let bits = 0;
  for (const n of counts.values()) bits -= n * Math.log2(n / chars.length);
  if (bits < MIN_SECRET_ENTROPY_BITS) return `has an estimated entropy of ${Math.floor(bits)} bits (at least ${MIN_SECRET_ENTROPY_BITS}); generate it, e.g. openssl rand -base64 48`;
  return undefined;
}

/** Why a PEM public key cannot verify tokens (RS256 with RSA ≥ 2048 bits, EdDSA with Ed25519), or undefined. */
export function publicKeyProblem(key: KeyObject): string | undefined {
  if (key.type !== 'public') return 'must be a public key';
  if (key.asymmetricKeyType === 'ed25519') return undefined;
  if (key.asymmetricKeyType === 'rsa') return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? undefined : 'an RSA key must have at least 2048 bits';
  return `must be an Ed25519 (EdDSA) or RSA (RS256) key, not ${key.asymmetricKeyType ?? 'unknown'}`;
}

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

  /**
   * No default: only an explicit `development` or `test` relaxes the security settings (the development JWT secret,
   * long token lives, public API docs); unset or `production` runs with the production rules. `npm start` and
   * `npm run start:dev` say `development` when NODE_ENV is unset.
   */
  @IsOptional()
  @IsIn(NODE_ENVS)
  readonly NODE_ENV?: (typeof NODE_ENVS)[number];

  /** External PostgreSQL; when absent, an embedded PostgreSQL 15 is started in `${DATA_DIR}/pg` (not in production). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  readonly DATABASE_URL?: string;

  /**
   * The role that owns the tables: migrations and the app role's grants run as it at start (README "Database roles").
   * Defaults to DATABASE_URL (development); the embedded PostgreSQL uses its superuser here and an app role for the service.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'MIGRATION_DATABASE_URL must be a postgres:// or postgresql:// URL' })
  readonly MIGRATION_DATABASE_URL?: string;

  /** The role the migrations grant the service's privileges to; defaults to the user in DATABASE_URL. */
  @IsOptional()
  @Matches(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, { message: 'APP_DATABASE_ROLE must be a PostgreSQL role name (letters, digits, _)' })
  readonly APP_DATABASE_ROLE?: string;

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

  /**
   * Signs and verifies HS256 tokens (the CLI's, and a gateway's that shares it). Unset: the development secret in
   * development and test; elsewhere no HS256 token is accepted, and a public key or JWKS must be given.
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  @MaxLength(4096)
  readonly JWT_SECRET?: string;

  /** PEM public key (SPKI) of an identity provider: RS256 (RSA ≥ 2048) or EdDSA (Ed25519) tokens. */
  @IsOptional()
  @IsString()
  @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)' })
  readonly JWT_PUBLIC_KEY?: string;

  /** File holding JWT_PUBLIC_KEY (read at start). */
  @IsOptional()
  @IsString()
  readonly JWT_PUBLIC_KEY_FILE?: string;

  /** JWKS of an identity provider: keys selected by the token's `kid`, fetched at need and cached (https outside development). */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'JWT_JWKS_URL must be an http(s):// URL' })
  readonly JWT_JWKS_URL?: string;

  /** `iss` every bearer token must carry (and that development tokens are issued with). */
  @IsString()
  @IsNotEmpty()
  readonly JWT_ISSUER: string = 'grants-api';

  /** `aud` every bearer token must carry. */
  @IsString()
  @IsNotEmpty()
  readonly JWT_AUDIENCE: string = 'grants';

  /**
   * Longest token life accepted (exp − iat, and exp − now). Default 12 h in development and test, 900 s elsewhere;
   * above 900 is refused outside development and test (RELIABILITY.md §3: ≤ 15 min for interactive sign-in).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 60 * 60)
  readonly JWT_MAX_TTL_SECONDS: number = DEVELOPMENT_MAX_TTL_SECONDS;

  /**
   * OpenID Connect sign-in of the web app (README "Sign-in"): the provider's issuer URL; its discovery document
   * (`<issuer>/.well-known/openid-configuration`) is read when the first person signs in. Unset: no OIDC sign-in.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+$/, { message: 'OIDC_ISSUER must be an http(s):// URL without query or fragment' })
  readonly OIDC_ISSUER?: string;

  /** The service's client id at the provider (required with OIDC_ISSUER). */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  readonly OIDC_CLIENT_ID?: string;

  /** The client secret (client_secret_basic), or OIDC_CLIENT_SECRET_FILE; unset for a public client (PKCE only). */
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  readonly OIDC_CLIENT_SECRET?: string;

  /** Where the provider sends people back: this service's `/auth/oidc/callback`, as registered at the provider. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+\/auth\/oidc\/callback$/, { message: 'OIDC_REDIRECT_URI must be an http(s):// URL ending in /auth/oidc/callback' })
  readonly OIDC_REDIRECT_URI?: string;

  /**
   * Where the provider sends people after signing them out there too (RP-Initiated Logout), e.g. this service's
   * `/app/sign-in`, registered at the provider; unset: sign-out ends this service's session only.
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_POST_LOGOUT_REDIRECT_URI must be an http(s):// URL' })
  readonly OIDC_POST_LOGOUT_REDIRECT_URI?: string;

  /** Scopes asked for, space separated; must include `openid`. */
  @Matches(/^(?:[\x21\x23-\x5b\x5d-\x7e]+ )*[\x21\x23-\x5b\x5d-\x7e]+$/, { message: 'OIDC_SCOPES must be scope names separated by single spaces' })
  @Matches(/(?:^| )openid(?: |$)/, { message: 'OIDC_SCOPES must include openid' })
  readonly OIDC_SCOPES: string = 'openid';

  /** The claim (ID token, else UserInfo) naming the product role: national-admin, national-reviewer, prefecture, insurer or auditor. */
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'OIDC_ROLE_CLAIM must be a claim name' })
  readonly OIDC_ROLE_CLAIM: string = 'grants_role';

  /** The claim naming the organisation: MHLW, a prefecture code 01–47, or an insurer's 6-digit 地方公共団体コード. */
  @Matches(/^[A-Za-z0-9_:./-]{1,100}$/, { message: 'OIDC_ORGANISATION_CLAIM must be a claim name' })
  readonly OIDC_ORGANISATION_CLAIM: string = 'organisation_code';

  /** A web session ends after this long without a request (sliding). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(24 * 60 * 60)
  readonly SESSION_IDLE_SECONDS: number = 30 * 60;

  /** A web session ends this long after sign-in whatever happens (a working day). */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(7 * 24 * 60 * 60)
  readonly SESSION_MAX_SECONDS: number = 8 * 60 * 60;

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

  /** OpenID Connect sign-in is configured (OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI). */
  get oidcEnabled(): boolean {
    return this.OIDC_ISSUER !== undefined;
  }

  /** Session cookies carry `Secure` (and the `__Host-` prefix) in production and whenever the service is reached over https. */
  get secureCookies(): boolean {
    return this.isProduction || (this.OIDC_REDIRECT_URI?.startsWith('https://') ?? false);
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  /** NODE_ENV says `development` or `test` explicitly: the development secret, long tokens and public docs are allowed. */
  get isDevelopment(): boolean {
    return this.NODE_ENV === 'development' || this.NODE_ENV === 'test';
  }

  /** True when no DATABASE_URL is given and the service runs its own embedded PostgreSQL. */
  get usesEmbeddedDatabase(): boolean {
    return this.DATABASE_URL === undefined;
  }

  get metricsEnabled(): boolean {
    return this.METRICS_ENABLED === undefined ? this.isDevelopment : this.METRICS_ENABLED === 'true';
  }

  get tracing(): (typeof TRACING_KINDS)[number] {
    return this.TRACING ?? (this.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? 'off' : 'otlp');
  }
}

type ConfigKey = Exclude<keyof AppConfig, 'oidcEnabled' | 'secureCookies' | 'isProduction' | 'isDevelopment' | 'usesEmbeddedDatabase' | 'metricsEnabled' | 'tracing'>;

const KEYS: readonly ConfigKey[] = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'DATABASE_URL',
  'MIGRATION_DATABASE_URL',
  'APP_DATABASE_ROLE',
  'DATA_DIR',
  'EMBEDDED_PG_PORT',
  'EVENT_STORE',
  'EVENTSTORE_CONNECTION_STRING',
  'JWT_SECRET',
  'JWT_PUBLIC_KEY',
  'JWT_PUBLIC_KEY_FILE',
  'JWT_JWKS_URL',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_MAX_TTL_SECONDS',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_REDIRECT_URI',
  'OIDC_POST_LOGOUT_REDIRECT_URI',
  'OIDC_SCOPES',
  'OIDC_ROLE_CLAIM',
  'OIDC_ORGANISATION_CLAIM',
  'SESSION_IDLE_SECONDS',
  'SESSION_MAX_SECONDS',
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

/** Reads JWT_PUBLIC_KEY_FILE into JWT_PUBLIC_KEY; returns a problem, or undefined. */
function readPublicKeyFile(plain: Partial<Record<ConfigKey, string>>): string | undefined {
  if (plain.JWT_PUBLIC_KEY_FILE === undefined) return undefined;
  if (plain.JWT_PUBLIC_KEY !== undefined) return 'JWT_PUBLIC_KEY_FILE: give JWT_PUBLIC_KEY or JWT_PUBLIC_KEY_FILE, not both';
  try {
    plain.JWT_PUBLIC_KEY = readFileSync(plain.JWT_PUBLIC_KEY_FILE, 'utf8').trim();
    return undefined;
  } catch (error) {
    return `JWT_PUBLIC_KEY_FILE: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

/** The rules an explicit NODE_ENV=development or test relaxes; every other start must pass them. */
function securityProblems(config: AppConfig, plain: Partial<Record<ConfigKey, string>>): string[] {
  const problems: string[] = [];
  const asymmetric = plain.JWT_PUBLIC_KEY !== undefined || plain.JWT_JWKS_URL !== undefined;
  if (plain.JWT_SECRET === undefined) {
    if (!asymmetric) {
      problems.push(
        'JWT_SECRET: is required unless NODE_ENV=development or test (the development secret is public), or give JWT_PUBLIC_KEY / JWT_JWKS_URL of an identity provider',
      );
    }
  } else if (plain.JWT_SECRET.length >= 32) {
    const weakness = secretWeakness(plain.JWT_SECRET);
    if (weakness) problems.push(`JWT_SECRET: ${weakness}`);
  }
  if (plain.JWT_MAX_TTL_SECONDS !== undefined && config.JWT_MAX_TTL_SECONDS > PRODUCTION_MAX_TTL_SECONDS) {
    problems.push(`JWT_MAX_TTL_SECONDS: at most ${PRODUCTION_MAX_TTL_SECONDS} unless NODE_ENV=development or test`);
  }
  if (plain.JWT_JWKS_URL !== undefined && !plain.JWT_JWKS_URL.startsWith('https://')) {
    problems.push('JWT_JWKS_URL: must be https:// unless NODE_ENV=development or test');
  }
  for (const key of ['OIDC_ISSUER', 'OIDC_REDIRECT_URI', 'OIDC_POST_LOGOUT_REDIRECT_URI'] as const) {
    if (plain[key] !== undefined && !plain[key].startsWith('https://')) problems.push(`${key}: must be https:// unless NODE_ENV=development or test`);
  }
  return problems;
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_REDIRECT_URI come together; a secret or claim settings need them. */
function oidcProblems(plain: Partial<Record<ConfigKey, string>>): string[] {
  const required = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URI'] as const;
  const given = required.filter((key) => plain[key] !== undefined);
  const dependent = (['OIDC_CLIENT_SECRET', 'OIDC_POST_LOGOUT_REDIRECT_URI', 'OIDC_SCOPES', 'OIDC_ROLE_CLAIM', 'OIDC_ORGANISATION_CLAIM'] as const).filter((key) => plain[key] !== undefined);
  if (given.length === required.length || (given.length === 0 && dependent.length === 0)) return [];
  return required.filter((key) => plain[key] === undefined).map((key) => `${key}: is required for OpenID Connect sign-in (give ${required.join(', ')} together)`);
}

/**
 * Reads the service's settings from an environment (pass `process.env` or a literal; the only I/O is reading
 * JWT_PUBLIC_KEY_FILE). Unknown variables are ignored and empty values count as unset. Throws `InvalidConfigError`
 * on a malformed or unsafe configuration.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const plain: Partial<Record<ConfigKey, string>> = {};
  for (const key of KEYS) {
    const value = env[key]?.trim();
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const fileProblem = readPublicKeyFile(plain);
  const config = plainToInstance(AppConfig, plain);
  const problems = validateSync(config, { forbidUnknownValues: true }).map(
    (error) => `${error.property}: ${Object.values(error.constraints ?? {}).join('; ')}`,
  );
  if (fileProblem) problems.push(fileProblem);
  if (config.JWT_PUBLIC_KEY !== undefined && !problems.some((p) => p.startsWith('JWT_PUBLIC_KEY'))) {
    let problem: string | undefined;
    try {
      problem = publicKeyProblem(createPublicKey(config.JWT_PUBLIC_KEY));
    } catch {
      problem = 'cannot be read as a PEM public key';
    }
    if (problem) problems.push(`JWT_PUBLIC_KEY: ${problem}`);
  }
  if (config.isDevelopment) {
    if (plain.JWT_SECRET === undefined) Object.assign(config, { JWT_SECRET: DEV_JWT_SECRET });
  } else {
    // An unsafe start is refused outright rather than warned about (RELIABILITY.md §3, config).
    problems.push(...securityProblems(config, plain));
    if (plain.JWT_MAX_TTL_SECONDS === undefined) Object.assign(config, { JWT_MAX_TTL_SECONDS: PRODUCTION_MAX_TTL_SECONDS });
  }
  if (config.isProduction) {
    if (config.usesEmbeddedDatabase) {
      problems.push('DATABASE_URL: is required when NODE_ENV=production (the embedded PostgreSQL is for development only)');
    }
    if (config.metricsEnabled && plain.METRICS_TOKEN === undefined) {
      problems.push('METRICS_TOKEN: is required when METRICS_ENABLED=true and NODE_ENV=production (/metrics is never open to anyone)');
    }
  }
  problems.push(...oidcProblems(plain));
  if (config.SESSION_IDLE_SECONDS > config.SESSION_MAX_SECONDS) problems.push('SESSION_IDLE_SECONDS: must not exceed SESSION_MAX_SECONDS');
  if (config.usesEmbeddedDatabase && plain.MIGRATION_DATABASE_URL !== undefined) {
    problems.push('MIGRATION_DATABASE_URL: needs DATABASE_URL as well (the embedded PostgreSQL sets up its own roles)');
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return Object.freeze(config);
}
