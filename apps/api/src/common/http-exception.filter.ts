import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { RefusalKind } from '@grants/domain';
import { CommandIdReused, EventStoreError, EventStoreUnavailable, InvalidStoreInput, WrongExpectedVersion } from '@grants/event-store';
import { AuditedRequest, AuditLog, refusalOutcome, requestFields, wasAudited } from '../logging/audit-log';
import { auditPreRoutingRefusal } from '../logging/pre-routing-audit';
import { redactUrl, requestId } from '../logging/logging.module';

/** The one error body every route returns: a stable `code` for programs, a Japanese + English `message` for people. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  /** Field errors of a request that failed validation (see validation.ts). */
  readonly errors?: readonly { field: string; messages: string[] }[];
}

/**
 * What a route throws to choose its own code: `throw new ConflictException({ code: 'SCORING.ALREADY_SCORED',
 * message: '… / …', details })`. The filter keeps these fields and fills in `statusCode`.
 */
export interface CodedErrorResponse {
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly errors?: ErrorBody['errors'];
}

const JA_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'リクエストが不正です。',
  401: '認証が必要です。',
  403: 'この操作を行う権限がありません。',
  404: '指定されたリソースが見つかりません。',
  405: '許可されていないメソッドです。',
  406: '受け入れ可能な形式で応答できません。',
  409: '現在の状態と競合しています。',
  412: '前提条件が満たされていません。',
  413: 'リクエストの本文が大きすぎます（上限 1 MB）。',
  415: 'サポートされていない形式です。',
  422: '処理できない内容です。',
  429: 'リクエストが多すぎます。しばらくしてから再試行してください。',
  500: 'サーバー内部でエラーが発生しました。',
  503: 'サービスを一時的に利用できません。',
};

/**
 * The status of every error kind the service throws, in one place; the stable codes live on the errors themselves
 * (EventStoreError.code, DomainError.code, a route's CodedErrorResponse, HTTP.<status name> for Nest's own).
 */
const EVENT_STORE_STATUS: readonly (readonly [abstract new (...args: never[]) => EventStoreError, HttpStatus])[] = [
  [WrongExpectedVersion, HttpStatus.PRECONDITION_FAILED],
  [CommandIdReused, HttpStatus.CONFLICT],
  [InvalidStoreInput, HttpStatus.BAD_REQUEST],
  [EventStoreUnavailable, HttpStatus.SERVICE_UNAVAILABLE],
];

const DOMAIN_STATUS: Readonly<Record<RefusalKind, HttpStatus>> = {
  conflict: HttpStatus.CONFLICT,
  not_found: HttpStatus.NOT_FOUND,
  invalid: HttpStatus.BAD_REQUEST,
  forbidden: HttpStatus.FORBIDDEN,
};

/**
 * A business-rule refusal from the pure domain (libs/domain: DomainError and every CodedError with a `kind`),
 * recognised by shape so that any error of that shape answers the same way.
 */
interface DomainRefusal {
  readonly kind: RefusalKind;
  readonly code: string;
  readonly message: string;
  readonly field?: string;
  readonly details?: unknown;
}

function isDomainError(error: unknown): error is DomainRefusal {
  const e = error as Partial<DomainRefusal> | null;
  return (
    error instanceof Error &&
    typeof e?.code === 'string' &&
    typeof e.message === 'string' &&
    typeof e.kind === 'string' &&
    Object.prototype.hasOwnProperty.call(DOMAIN_STATUS, e.kind)
  );
}

/** `HTTP.NOT_FOUND`, `HTTP.PAYLOAD_TOO_LARGE`, … from Nest's HttpStatus names, so every status has a stable code. */
export function httpCode(status: number): string {
  // A numeric enum maps its values back to their names; undefined for a status Nest does not name.
  const name: string | undefined = HttpStatus[status];
  return name ? `HTTP.${name}` : `HTTP.${status}`;
}

function bilingual(status: number, english: string): string {
  return `${JA_BY_STATUS[status] ?? (status >= 500 ? JA_BY_STATUS[500] : JA_BY_STATUS[400])} ${english}`;
}

function isCoded(response: unknown): response is CodedErrorResponse {
  return (
    typeof response === 'object' &&
    response !== null &&
    typeof (response as CodedErrorResponse).code === 'string' &&
    typeof (response as CodedErrorResponse).message === 'string'
  );
}

/** An error in the `http-errors` shape (body-parser's 413, malformed JSON, …) whose message is safe to show. */
interface ExposedHttpError {
  readonly status: number;
  readonly expose: true;
  readonly message: string;
  readonly type?: string;
}

function isExposedHttpError(error: unknown): error is ExposedHttpError {
  const e = error as Partial<ExposedHttpError> | null;
  return typeof e === 'object' && e !== null && e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}

function eventStoreDetails(error: EventStoreError): Record<string, string> | undefined {
  if (error instanceof WrongExpectedVersion) {
    return { streamId: error.streamId, expectedVersion: String(error.expected), actualVersion: error.actual.toString() };
  }
  if (error instanceof CommandIdReused) return { commandId: error.commandId, streamId: error.streamId };
  if (error instanceof InvalidStoreInput) return { field: error.field };
  return undefined;
}

/** What a client is told when the store fails: the cause is logged with the request, never sent. */
export const STORE_UNAVAILABLE_MESSAGE =
  'イベントストアに一時的に接続できません。しばらくしてから再試行してください。 The event store is temporarily unavailable; retry shortly.';

export interface MappedError {
  readonly body: ErrorBody;
  /** Set for failures the client did not cause: log them with their stack (never sent to the client). */
  readonly unexpected?: unknown;
}

/** Maps anything thrown while serving a request to its HTTP status and stable body. Pure. */
export function toErrorBody(error: unknown): MappedError {
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    if (isCoded(response)) {
      const { code, message, details, errors } = response;
      // A 5xx is logged with its cause (the database's own words), which never goes to the client.
      return { body: { statusCode, code, message, ...(errors && { errors }), ...(details !== undefined && { details }) }, unexpected: statusCode >= 500 ? error : undefined };
    }
    const english = typeof response === 'string' ? response : error.message;
    return { body: { statusCode, code: httpCode(statusCode), message: bilingual(statusCode, english) }, unexpected: statusCode >= 500 ? error : undefined };
  }
  if (error instanceof EventStoreError) {
    const statusCode = EVENT_STORE_STATUS.find(([type]) => error instanceof type)?.[1] ?? HttpStatus.INTERNAL_SERVER_ERROR;
    const details = eventStoreDetails(error);
    // The store's detail (a driver's or the database's message) goes to the log only.
    const message = statusCode >= 500 ? STORE_UNAVAILABLE_MESSAGE : error.message;
    return {
      body: { statusCode, code: error.code, message, ...(details && { details }) },
      unexpected: statusCode >= 500 ? error : undefined,
    };
  }
  if (isDomainError(error)) {
    const statusCode = DOMAIN_STATUS[error.kind];
    const { code, message, field, details } = error;
    return {
      body: {
        statusCode,
        code,
        message,
        ...(field !== undefined && { errors: [{ field, messages: [message] }] }),
        ...(details !== undefined && { details }),
      },
    };
  }
  if (isExposedHttpError(error)) {
    const statusCode = error.status;
    const code = error.type === 'entity.parse.failed' ? 'VALIDATION.MALFORMED_JSON' : httpCode(statusCode);
    return { body: { statusCode, code, message: bilingual(statusCode, error.message) } };
  }
  return {
    body: { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL', message: bilingual(500, 'Internal server error.') },
    unexpected: error,
  };
}

const logger = new Logger('HttpExceptionFilter');

function logUnexpected(mapped: MappedError, method: string | undefined, url: string | undefined): void {
  if (mapped.unexpected === undefined) return;
  const e = mapped.unexpected;
  const cause = e instanceof Error && e.cause instanceof Error ? ` (cause: ${e.cause.message})` : '';
  logger.error(`${method ?? '?'} ${redactUrl(url ?? '?')} failed: ${e instanceof Error ? e.message : String(e)}${cause}`, e instanceof Error ? e.stack : undefined);
}

/**
 * The one exception filter (STYLE.md rule 19): every error leaves the API as an `ErrorBody`, never as a stack trace.
 * Every 4xx is also one line of the audit log (an authentication failure, a refusal), unless a command already wrote
 * the line of its own refusal (commands/command-audit.ts).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly audit?: AuditLog,
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<IncomingMessage>();
    const mapped = toErrorBody(error);
    logUnexpected(mapped, request.method, request.url);
    const status = mapped.body.statusCode;
    if (this.audit && status >= 400 && status < 500 && !wasAudited(error)) {
      const event = status === 401 ? 'authentication' : 'refusal';
      this.audit.write({ event, outcome: refusalOutcome(status), status, code: mapped.body.code, ...requestFields(request as AuditedRequest) });
    }
    this.adapterHost.httpAdapter.reply(http.getResponse(), mapped.body, mapped.body.statusCode);
  }
}

/**
 * Express error middleware for failures before Nest's router, such as body-parser's 413, malformed JSON and the JSON
 * limits, which Nest's exception filters never see. Register it right after the body parsers. Each 4xx is one line
 * of the audit log, as the filter writes for the routes' refusals.
 */
export function preRoutingErrorHandler(audit?: AuditLog) {
  return (error: unknown, request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void): void => {
    if (response.headersSent) return next(error);
    const mapped = toErrorBody(error);
    // pino-http runs after the body parsers, so this request has no id yet: give it one for the client and the log.
    const id = requestId(request, response);
    logUnexpected(mapped, request.method, request.url);
    if (!mapped.unexpected) logger.warn(`${request.method} ${redactUrl(request.url ?? '')} rejected before routing: ${mapped.body.code} (request ${id})`);
    const status = mapped.body.statusCode;
    if (status >= 400 && status < 500) auditPreRoutingRefusal(audit, request, response, status, mapped.body.code);
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(mapped.body));
  };
}
