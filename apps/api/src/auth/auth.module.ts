import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { DevTokenController } from './dev-token.controller';
import { UserRateLimitGuard } from '../rate-limit/rate-limit';
import { AuthGuard } from './auth.guard';
import { OidcClient } from './oidc/oidc-client';
import { OidcController } from './oidc/oidc.controller';
import { SignInStore } from './oidc/sign-in-store';
import { SessionController } from './session/session.controller';
import { SessionStore } from './session/session-store';

/**
 * Authenticates every route but `@Public()` ones (global guard), then limits each user's changes and uploads, and serves
 * GET /auth/me and, in development, POST /auth/dev-token; signs the web app's users in through OpenID Connect
 * (/auth/oidc/*) into server-side sessions (/auth/session, /auth/logout; /auth/dev-session in development).
 * Needs the global AppConfig, the DataSource and the RateLimitModule's limits.
 */
@Module({
  controllers: [AuthController, DevTokenController, SessionController, OidcController],
  // Order matters: the user's rate limit needs the actor the AuthGuard sets.
  providers: [
    SessionStore,
    SignInStore,
    OidcClient,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: UserRateLimitGuard },
  ],
})
export class AuthModule {}
