import { Inject, Injectable } from '@nestjs/common';
import pino, { DestinationStream, Logger as PinoInstance, stdTimeFunctions } from 'pino';
import { AppConfig } from '../config/app-config';
import { APP_OPTIONS } from '../config/config.module';
import type { AppOptions } from '../config/config.module';

/**
 * The auditor's log (README "Runbook", shipping the logs): one JSON line per authentication failure, refusal and
 * command, with `"channel":"audit"`, on the same stdout as the request log. Only these fields, never a token, a secret,
 * a body, a reason, a name or an answer: who (the token's subject and issuer, role, organisation), what (method, route
 * template, command type and id), how it ended (outcome, status, stable error code) and the request id.
 */
export interface AuditLine {
  readonly event: 'authentication' | 'refusal' | 'command';
  readonly outcome: AuditOutcome;
  readonly status: number;
  /** The stable error code of a refusal (AUTH.TOKEN_EXPIRED, VALIDATION.INVALID_BODY, …). */
  readonly code?: string;
  readonly method: string;
  /** The route as declared (`/fiscal-years/:fiscalYear/submissions/:insurerCode/submit`), null when none matched. */
  readonly route: string | null;
  readonly requestId: string | null;
  /** The authenticated actor: the token's `sub` at its issuer; null before authentication. */
  readonly actor: { readonly sub: string; readonly issuer: string | null } | null;
  readonly role: string | null;
  readonly organisation: string | null;
  readonly commandType?: string;
  readonly commandId?: string;
}

export type AuditOutcome = 'accepted' | 'idempotent_replay' | 'conflict' | 'refused' | 'unauthenticated' | 'forbidden' | 'failed';

/** A command's outcome from how it ended: 409 and 412 are conflicts (state or version), other 4xx refusals. */
export function commandOutcome(status: number, idempotentReplay = false): AuditOutcome {
  if (status < 400) return idempotentReplay ? 'idempotent_replay' : 'accepted';
  if (status === 409 || status === 412) return 'conflict';
  return status < 500 ? 'refused' : 'failed';
}

/** A refusal's outcome: 401 unauthenticated, 403 forbidden, 409/412 conflict, any other 4xx refused. */
export function refusalOutcome(status: number): AuditOutcome {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  return commandOutcome(status);
}

/** What a request says about who and where, as the auditor's line carries it (nothing else is read). */
export interface AuditedRequest {
  readonly method?: string;
  readonly id?: unknown;
  readonly route?: { readonly path?: unknown };
  readonly actor?: { readonly actorId: string; readonly issuer?: string; readonly role: string; readonly organisationCode: string };
}

export function requestFields(request: AuditedRequest): Pick<AuditLine, 'method' | 'route' | 'requestId' | 'actor' | 'role' | 'organisation'> {
  const actor = request.actor;
  return {
    method: request.method ?? '?',
    route: typeof request.route?.path === 'string' ? request.route.path : null,
    requestId: typeof request.id === 'string' ? request.id : null,
    actor: actor ? { sub: actor.actorId, issuer: actor.issuer ?? null } : null,
    role: actor?.role ?? null,
    organisation: actor?.organisationCode ?? null,
  };
}

/** Errors whose audit line was written where they arose (a command's): the exception filter does not write another. */
const audited = new WeakSet<object>();

export function markAudited(error: unknown): void {
  if (typeof error === 'object' && error !== null) audited.add(error);
}

export function wasAudited(error: unknown): boolean {
  return typeof error === 'object' && error !== null && audited.has(error);
}

const destinations = new WeakMap<AppOptions, DestinationStream>();

/**
 * Where the app's JSON lines go: stdout (one stream shared by the request log and the audit log, so lines never
 * interleave), or the stream a test hands in as `logDestination`.
 */
export function logDestination(options: AppOptions): DestinationStream {
  let destination = options.logDestination ?? destinations.get(options);
  if (!destination) {
    destination = pino.destination(process.stdout.fd);
    destinations.set(options, destination);
  }
  return destination;
}

/** Writes the audit lines (level info: shown unless LOG_LEVEL is warn or quieter). */
@Injectable()
export class AuditLog {
  private readonly logger: PinoInstance;

  constructor(@Inject(APP_OPTIONS) options: AppOptions, config: AppConfig) {
    this.logger = pino({ level: config.LOG_LEVEL, base: { service: 'grants-api', channel: 'audit' }, timestamp: stdTimeFunctions.isoTime }, logDestination(options));
  }

  write(line: AuditLine): void {
    this.logger.info(line, `${line.event} ${line.outcome}`);
  }
}
