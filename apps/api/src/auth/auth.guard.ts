import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { Role } from './actor';
import { AuthenticatedRequest, IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import { TokenRejected, verifyToken } from './tokens';

const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Global guard: every route needs a valid bearer token unless marked @Public(); auditors may only read;
 * @Roles restricts who may call a route. Organisation scope is checked by each route against its path.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest & { method: string; headers: Record<string, string | undefined> }>();
    const response = http.getResponse<{ setHeader(name: string, value: string): void }>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException({
        code: 'AUTH.UNAUTHENTICATED',
        message: 'ログインが必要です（Authorization: Bearer トークン）。 Sign-in required: send Authorization: Bearer <token>.',
      });
    }
    try {
      request.actor = verifyToken(this.config.JWT_SECRET, token);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      response.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
      throw new UnauthorizedException({
        code: error.code,
        message:
          error.code === 'AUTH.TOKEN_EXPIRED'
            ? 'トークンの有効期限が切れています。再度ログインしてください。 The token has expired; sign in again.'
            : `トークンが無効です。 The token is invalid: ${error.detail}.`,
      });
    }
    const actor = request.actor;
    if (actor.role === 'auditor' && !READ_METHODS.has(request.method)) {
      throw new ForbiddenException({
        code: 'AUTH.AUDITOR_READ_ONLY',
        message: '監査担当者は参照のみ可能です。 Auditors can read everything and change nothing.',
      });
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role)) {
      throw new ForbiddenException({
        code: 'AUTH.ROLE_NOT_ALLOWED',
        message: `この操作は ${roles.join('、')} のみ実行できます。 Only ${roles.join(', ')} may do this.`,
      });
    }
    return true;
  }
}
