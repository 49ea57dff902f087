import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuditLog, refusalOutcome } from './audit-log';
import { requestId } from './logging.module';

/**
 * The audit line of a request refused before routing (a token in the URL, the per-address rate limit, a body refused
 * by the parsers or the JSON limits): the same shape as the others, with no route (none was matched) and no actor
 * (its token was not read), and the request id the client gets back (X-Request-Id, set here when the request log has
 * not set it yet). Never the URL, the token or the body.
 */
export function auditPreRoutingRefusal(audit: AuditLog | undefined, request: IncomingMessage, response: ServerResponse, status: number, code: string): void {
  if (!audit) return;
  const id = (request as { id?: unknown }).id;
  audit.write({
    event: status === 401 ? 'authentication' : 'refusal',
    outcome: refusalOutcome(status),
    status,
    code,
    method: request.method ?? '?',
    route: null,
    requestId: typeof id === 'string' ? id : existingOrNewId(request, response),
    actor: null,
    role: null,
    organisation: null,
  });
}

function existingOrNewId(request: IncomingMessage, response: ServerResponse): string {
  const sent = response.getHeader('X-Request-Id');
  return typeof sent === 'string' ? sent : requestId(request, response);
}
