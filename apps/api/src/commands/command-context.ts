import { createHash, randomUUID } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import canonicalize from 'canonicalize';

/** Who issues a command, as established by authentication (see auth/). */
export interface CommandActor {
  readonly actorId: string;
  readonly role: string;
  readonly organisationCode: string;
}

/**
 * Everything about a command that is not its business payload: the actor, the idempotency key (the client's
 * `Idempotency-Key` header, or a fresh id), the stream version the client saw (`If-Match`), and a reason.
 */
export interface CommandContext {
  readonly actor: CommandActor;
  readonly commandId: string;
  /** SHA-256 of the route and payload: a retry with the same key and the same payload replays the first result. */
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
  const commandHash = createHash('sha256')
    .update(canonicalize({ route, actor: actor.actorId, payload: payload ?? null }) ?? '')
    .digest('hex');
  return {
    actor,
    commandId: key ?? randomUUID(),
    commandHash,
    expectedVersion,
    correlationId: headers.requestId,
    reason,
  };
}
