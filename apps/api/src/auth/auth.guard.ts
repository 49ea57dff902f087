import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CodedErrorResponse } from '../common/http-exception.filter';
import { AppConfig } from '../config/app-config';
import { Actor, Role } from './actor';
import { AuthenticatedRequest, IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { JwksCache } from './jwks';
import { appendCookie, cookieNames, readCookie, setCookie } from './session/cookies';
import { assertCsrf, CSRF_HEADER } from './session/session.controller';
import { SessionStore } from './session/session-store';
import { tokenHeader, TokenRejected, verifyToken } from './tokens';

/** Methods an auditor may use; every other method is refused with AUTH.AUDITOR_READ_ONLY. */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)[ ]*$/i;

interface HttpRequest extends AuthenticatedRequest {
  readonly method: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

interface HttpResponse {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: string | string[]): unknown;
}

/**
 * The global guard (APP_GUARD), in this order:
 * 1. routes marked `@Public()` pass without a token; every other answer carries `Cache-Control: no-store`;
 * 2. authentication: a valid bearer token, else 401 AUTH.UNAUTHENTICATED / AUTH.TOKEN_EXPIRED / AUTH.TOKEN_INVALID
 *    with `WWW-Authenticate: Bearer`; without an Authorization header, the web app's session cookie instead (401
 *    AUTH.SESSION_EXPIRED when it names no live session; 403 AUTH.CSRF_TOKEN_INVALID for a change without the
 *    session's X-CSRF-Token); sets `request.actor`;
 * 3. auditors only read: any method but GET/HEAD → 403 AUTH.AUDITOR_READ_ONLY, whatever `@Roles` says;
 * 4. `@Roles(...)` on the handler or its controller → 403 AUTH.ROLE_NOT_ALLOWED for other roles.
 * Organisation scope depends on the route's parameters, so each route checks it with scope.ts.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** The identity provider's keys when JWT_JWKS_URL is set. */
  private readonly jwks: JwksCache | undefined;

  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly sessions: SessionStore,
  ) {
    this.jwks = config.JWT_JWKS_URL !== undefined ? new JwksCache(config.JWT_JWKS_URL) : undefined;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    if (this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets)) return true;
    const response = http.getResponse<HttpResponse>();
    // Whatever a signed-in user is shown must not stay in a browser's or a proxy's cache.
    response.setHeader('Cache-Control', 'no-store');
    const actor = await this.authenticate(request, response);
    request.actor = actor;
    authorize(actor, request.method, this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets));
    return true;
  }

  private async authenticate(request: HttpRequest, response: HttpResponse): Promise<Actor> {
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    const cookie = readCookie(request.headers.cookie, cookieNames(this.config).session);
    if (header === undefined && cookie !== undefined) return this.fromSession(request, response, cookie);
    if (!token) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      const body: CodedErrorResponse = {
        code: 'AUTH.UNAUTHENTICATED',
        message: 'ログインが必要です（Authorization: Bearer <トークン>）。 Sign-in required: send Authorization: Bearer <token>.',
      };
      throw new UnauthorizedException(body);
    }
    try {
      const kid = tokenHeader(token)?.kid;
      if (this.jwks && typeof kid === 'string') await this.jwks.prepare(kid);
      return verifyToken(this.config, token, undefined, this.jwks);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      const body: CodedErrorResponse =
        error.code === 'AUTH.TOKEN_EXPIRED'
          ? { code: error.code, message: 'トークンの有効期限が切れています。再度ログインしてください。 The token has expired; sign in again.' }
          : { code: error.code, message: `トークンが無効です（${error.ja}）。 The token is invalid: ${error.en}.` };
      throw new UnauthorizedException(body);
    }
  }

  /** The web app's session (HttpOnly cookie); changes must carry its CSRF token, since a browser sends cookies by itself. */
  private async fromSession(request: HttpRequest, response: HttpResponse, id: string): Promise<Actor> {
    const session = await this.sessions.find(id);
    if (!session) {
      appendCookie(response, setCookie(this.config, cookieNames(this.config).session, '', 0));
      const body: CodedErrorResponse = {
        code: 'AUTH.SESSION_EXPIRED',
        message: 'ログインの有効期限が切れました。もう一度ログインしてください。 The session has ended; sign in again.',
      };
      throw new UnauthorizedException(body);
    }
    if (!READ_METHODS.has(request.method.toUpperCase()) && request.method.toUpperCase() !== 'OPTIONS') assertCsrf(session, request.headers[CSRF_HEADER]);
    return session.actor;
  }
}

/** Steps 3 and 4 of the guard, pure: throws ForbiddenException with AUTH.AUDITOR_READ_ONLY or AUTH.ROLE_NOT_ALLOWED. */
export function authorize(actor: Actor, method: string, roles: readonly Role[] | undefined): void {
  if (actor.role === 'auditor' && !READ_METHODS.has(method.toUpperCase())) {
    const body: CodedErrorResponse = {
      code: 'AUTH.AUDITOR_READ_ONLY',
      message: '監査担当者は参照のみ可能です。 Auditors may read but not change anything.',
    };
    throw new ForbiddenException(body);
  }
  if (roles && !roles.includes(actor.role)) {
    const body: CodedErrorResponse = {
      code: 'AUTH.ROLE_NOT_ALLOWED',
      message: `この操作を行えるのは ${roles.join('、')} のみです（あなたは ${actor.role}）。 Only ${roles.join(', ')} may do this (you are ${actor.role}).`,
      details: { role: actor.role, allowedRoles: [...roles] },
    };
    throw new ForbiddenException(body);
  }
}
