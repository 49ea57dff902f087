import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CodedErrorResponse } from '../common/http-exception.filter';
import type { AuditLog } from '../logging/audit-log';
import { auditPreRoutingRefusal } from '../logging/pre-routing-audit';

/** Query parameters that would carry a bearer token in a URL (RFC 6750 §2.3), where logs, proxies and browsers keep it. */
export const TOKEN_QUERY_PARAMETERS: readonly string[] = ['access_token', 'id_token'];

/** The token-carrying parameter a request URL names, if any (`/auth/me?access_token=…` → `access_token`). */
export function tokenParameterOf(url: string): string | undefined {
  const query = url.indexOf('?');
  if (query < 0) return undefined;
  const names = new URLSearchParams(url.slice(query + 1)).keys();
  for (const name of names) if (TOKEN_QUERY_PARAMETERS.includes(name.toLowerCase())) return name;
  return undefined;
}

/**
 * Express middleware, before routing: a token in the query string answers 400 AUTH.TOKEN_IN_QUERY on every path
 * (routes, public ones, unknown ones). Tokens travel in the Authorization header only; the request log redacts such
 * values as well (logging.module.ts), so a refused URL leaves no usable token behind. Each refusal is one line of the
 * audit log (without the URL).
 */
export function refuseTokenInQuery(audit?: AuditLog) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const parameter = tokenParameterOf(request.url ?? '');
    if (parameter === undefined) return next();
    auditPreRoutingRefusal(audit, request, response, 400, 'AUTH.TOKEN_IN_QUERY');
    answerTokenInQuery(response, parameter);
  };
}

function answerTokenInQuery(response: ServerResponse, parameter: string): void {
  const body: CodedErrorResponse & { statusCode: number } = {
    statusCode: 400,
    code: 'AUTH.TOKEN_IN_QUERY',
    message: `トークンを URL に含めないでください（${parameter}）。Authorization: Bearer ヘッダーで送ってください。 Do not put a token in the URL (${parameter}); send it as Authorization: Bearer.`,
    details: { parameter },
  };
  response.statusCode = 400;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.end(JSON.stringify(body));
}
