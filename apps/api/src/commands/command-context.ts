import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import canonicalize from 'canonicalize';
import type { Request } from 'express';
import type { Actor } from '../auth/actor';
import type { AuthenticatedRequest } from '../auth/auth.decorators';

/** Who issues a command, as established by authentication (see auth/): handlers check the actor's scope. */
export type CommandActor = Actor;

/**
 * Everything about a command that is not its business payload: the actor, the idempotency key (the client's
 * `Idempotency-Key` header, or a fresh id), the stream version the client saw (`If-Match`), and a reason.
 */
export interface CommandContext {
  readonly actor: CommandActor;
  /**
   * The idempotency key scoped to its organisation and route (`scopedCommandId`), or a fresh id without one: one
   * organisation's key never meets another's, and the same key or file may be used again in another fiscal year.
   */
  readonly commandId: string;
  /**
   * SHA-256 of the scope, the route and the payload, never of the individual user: a retry with the same key and the
   * same payload by anyone of the organisation replays the first result.
   */
  readonly commandHash: string;
  /** From `If-Match`: the stream version the client based its command on; a different current version → 412. */
  readonly expectedVersion?: bigint;
  readonly correlationId?: string;
  readonly reason?: string;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;
const IF_MATCH = /^(?:W\/)?"?(\d{1,18})"?$/;

export interface CommandHeaders {
  readonly idempotencyKey?: string;
  readonly ifMatch?: string;
  readonly requestId?: string;
  /**
   * Whose key it is (default: the actor's organisation). A bulk import keys its rows by the organisation whose data
   * the file holds (the prefecture of an answers file), so that another user of it or a national administrator can
   * complete an interrupted import by sending the same file.
   */
  readonly scope?: string;
}

/**
 * The command id an idempotency key stands for: the key within its scope (an organisation) and route (method and path,
 * which name the fiscal year and the insurer or prefecture, or a bulk import's own route name). Deterministic, so a
 * retry finds its first result; recorded events keep the ids they were stored with.
 */
export function scopedCommandId(scope: string, route: string, key: string): string {
  return `k1-${createHash('sha256').update(canonicalize({ scope, route, key }) ?? '').digest('hex').slice(0, 48)}`;
}

/** Builds a command context from the request, rejecting malformed headers with a 400 that names the header. */
export function commandContext(
  actor: CommandActor,
  route: string,
  payload: unknown,
  headers: CommandHeaders,
  reason?: string,
): CommandContext {
  const key = headers.idempotencyKey;
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw new BadRequestException({
      code: 'VALIDATION.IDEMPOTENCY_KEY',
      message:
        'Idempotency-Key ヘッダーは 8〜200 文字の英数字と _ . : - で指定してください。 The Idempotency-Key header must be 8–200 characters of letters, digits, _ . : -.',
      errors: [{ field: 'Idempotency-Key', messages: ['invalid format'] }],
    });
  }
  let expectedVersion: bigint | undefined;
  if (headers.ifMatch !== undefined) {
    const match = IF_MATCH.exec(headers.ifMatch.trim());
    if (!match) {
      throw new BadRequestException({
        code: 'VALIDATION.IF_MATCH',
        message: 'If-Match ヘッダーには取得時の版番号（ETag）を指定してください。 The If-Match header must carry the version (ETag) you read, e.g. "3".',
        errors: [{ field: 'If-Match', messages: ['invalid format'] }],
      });
    }
    expectedVersion = BigInt(match[1]);
  }
  const scope = headers.scope ?? actor.organisationCode;
  const commandHash = createHash('sha256')
    .update(canonicalize({ route, scope, payload: payload ?? null }) ?? '')
    .digest('hex');
  return {
    actor,
    commandId: key === undefined ? randomUUID() : scopedCommandId(scope, route, key),
    commandHash,
    expectedVersion,
    correlationId: headers.requestId,
    reason,
  };
}

/**
 * Everything about a command that is not its payload, collected from the request in one place: the authenticated
 * actor, `Idempotency-Key`, `If-Match`, the request id (X-Request-Id, or the one the logger made) as correlation id,
 * the body's `reason` where the command has one, and a fingerprint of method, path and body for safe retries.
 *
 *   async submit(@Param() p: SubmissionPath, @CommandMeta() meta: CommandContext) { … }
 */
export const CommandMeta = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest & { id?: unknown }>();
  if (!request.actor) throw new Error('@CommandMeta() used on a route without an authenticated actor');
  const body: unknown = request.body;
  const reason = typeof body === 'object' && body !== null && 'reason' in body && typeof body.reason === 'string' ? body.reason : undefined;
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const requestId = typeof request.id === 'string' ? request.id : header('x-request-id');
  return commandContext(request.actor, `${request.method} ${request.path}`, body ?? {}, { idempotencyKey: header('idempotency-key'), ifMatch: header('if-match'), requestId }, reason);
});
