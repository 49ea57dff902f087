import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor, Role } from './actor';

export const IS_PUBLIC = 'auth:public';
export const ROLES_KEY = 'auth:roles';

/** The route (or every route of the controller) needs no token: health probes. Every other route is authenticated. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Only these roles may call the route (403 AUTH.ROLE_NOT_ALLOWED otherwise). On a handler it overrides its
 * controller's. Auditors are refused every non-GET/HEAD route whatever this says.
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/** What the guard adds to the request. */
export interface AuthenticatedRequest {
  actor?: Actor;
}

/** The authenticated caller of this request (never on a `@Public()` route). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('@CurrentActor() used on a route without an authenticated actor (a @Public() route?)');
  return actor;
});
