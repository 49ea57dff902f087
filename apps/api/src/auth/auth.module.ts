import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthController } from './auth.controller';
import { DevTokenController } from './dev-token.controller';
import { UserRateLimitGuard } from '../rate-limit/rate-limit';
import { AuthGuard } from './auth.guard';

/**
 * Authenticates every route but `@Public()` ones (global guard), then limits each user's changes and uploads, and serves
 * GET /auth/me and, in development, POST /auth/dev-token. Needs the global AppConfig and the RateLimitModule's limits.
 */
@Module({
  controllers: [AuthController, DevTokenController],
  // Order matters: the user's rate limit needs the actor the AuthGuard sets.
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: UserRateLimitGuard },
  ],
})
export class AuthModule {}
