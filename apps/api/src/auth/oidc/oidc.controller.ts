import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { actorProblem, isRole, organisationProblem, toActor } from '../actor';
import type { Actor } from '../actor';
import { Public } from '../auth.decorators';
import { tokenHeader } from '../tokens';
import { appendCookie, cookieNames, readCookie, setCookie } from '../session/cookies';
import { sameSecret, SessionStore } from '../session/session-store';
import { verifyIdToken } from './id-token';
import { OidcClient } from './oidc-client';
import { OidcRefusal } from './oidc-refusal';
import { SIGN_IN_TTL_SECONDS, SignInStore } from './sign-in-store';

/** Where a sign-in ends: the web app, which sends each role to its start page. */
const SIGNED_IN = '/app';
const failedPage = (code: string) => `/app/sign-in?error=${encodeURIComponent(code)}`;

/**
 * OpenID Connect sign-in of the web app (authorization code flow with PKCE, backend for frontend): the browser is sent
 * to the provider and back, this service redeems the code, validates the ID token and keeps a server-side session;
 * no token ever reaches the browser. A failure sends the browser to the sign-in page with a stable code
 * (`/app/sign-in?error=AUTH.OIDC_…`), which it explains in Japanese.
 */
@ApiTags('auth 認証')
@Controller('auth/oidc')
export class OidcController {
  private readonly logger = new Logger('Oidc');

  constructor(
    private readonly config: AppConfig,
    private readonly client: OidcClient,
    private readonly signIns: SignInStore,
    private readonly sessions: SessionStore,
  ) {}

  @Get('login')
  @Public()
  @ApiOperation({ summary: 'Starts an OpenID Connect sign-in: 303 to the provider (state, nonce, PKCE S256)' })
  @ApiResponse({ status: 303, description: "To the provider's authorization endpoint, or to /app/sign-in?error=AUTH.OIDC_… when it cannot start" })
  async login(@Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    try {
      if (!this.config.oidcEnabled) throw new OidcRefusal('AUTH.OIDC_NOT_CONFIGURED', 'OIDC_ISSUER is not set');
      const { pending, url } = await this.client.authorizationRequest();
      const id = await this.signIns.begin(pending);
      appendCookie(response, setCookie(this.config, cookieNames(this.config).signIn, id, SIGN_IN_TTL_SECONDS));
      response.redirect(303, url);
    } catch (error) {
      this.refuse(response, error);
    }
  }

  @Get('callback')
  @Public()
  @ApiOperation({ summary: 'Where the provider sends the browser back: redeems the code and starts the session (HttpOnly cookie)' })
  @ApiResponse({ status: 303, description: 'To /app signed in, or to /app/sign-in?error=AUTH.OIDC_… (state, nonce, audience, expiry, role…)' })
  async callback(
    @Req() request: Request,
    @Res() response: Response,
    @Query('code') code?: string,
    @Query('state') state?: string,
    @Query('error') providerError?: string,
  ): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    const names = cookieNames(this.config);
    appendCookie(response, setCookie(this.config, names.signIn, '', 0));
    try {
      if (!this.config.oidcEnabled) throw new OidcRefusal('AUTH.OIDC_NOT_CONFIGURED', 'OIDC_ISSUER is not set');
      const pending = await this.signIns.take(readCookie(request.headers.cookie, names.signIn));
      if (!pending) throw new OidcRefusal('AUTH.OIDC_STATE_MISMATCH', 'no sign-in under way in this browser (no cookie, used, or expired)');
      if (typeof state !== 'string' || !sameSecret(state, pending.state)) throw new OidcRefusal('AUTH.OIDC_STATE_MISMATCH', 'the state is not this sign-in\'s');
      if (providerError !== undefined) throw new OidcRefusal('AUTH.OIDC_DENIED', `the provider answered error=${String(providerError).slice(0, 100)}`);
      if (typeof code !== 'string' || code === '' || code.length > 2048) throw new OidcRefusal('AUTH.OIDC_DENIED', 'the provider sent no code');
      const actor = await this.actorOf(code, pending.codeVerifier, pending.nonce);
      await this.sessions.end(readCookie(request.headers.cookie, names.session));
      const { id } = await this.sessions.create(actor, actor.issuer as string);
      appendCookie(response, setCookie(this.config, names.session, id, this.config.SESSION_MAX_SECONDS));
      this.logger.log(`signed in ${actor.actorId} (${actor.role} ${actor.organisationCode}) at ${actor.issuer}`);
      response.redirect(303, SIGNED_IN);
    } catch (error) {
      this.refuse(response, error);
    }
  }

  /** Redeems the code and turns the validated claims into an actor (role and organisation claims, README "Sign-in"). */
  private async actorOf(code: string, codeVerifier: string, nonce: string): Promise<Actor> {
    const { idToken, accessToken } = await this.client.redeem(code, codeVerifier);
    const { metadata, keys } = await this.client.provider();
    const kid = tokenHeader(idToken)?.kid;
    if (typeof kid === 'string') await keys.prepare(kid);
    let claims = verifyIdToken(idToken, keys, { issuer: metadata.issuer, clientId: this.config.OIDC_CLIENT_ID as string, nonce });
    const roleClaim = this.config.OIDC_ROLE_CLAIM;
    const organisationClaim = this.config.OIDC_ORGANISATION_CLAIM;
    if ((claims[roleClaim] === undefined || claims[organisationClaim] === undefined) && accessToken !== undefined) {
      claims = { ...(await this.client.userInfo(accessToken, claims.sub as string)), ...claims };
    }
    const role = claims[roleClaim];
    const organisation = claims[organisationClaim];
    if (!isRole(role)) throw new OidcRefusal('AUTH.OIDC_ROLE_UNKNOWN', `claim ${roleClaim} is ${JSON.stringify(role) ?? 'missing'}`);
    if (typeof organisation !== 'string' || organisationProblem(role, organisation)) {
      throw new OidcRefusal('AUTH.OIDC_ORGANISATION_INVALID', `claim ${organisationClaim} is ${JSON.stringify(organisation) ?? 'missing'} for role ${role}`);
    }
    const problem = actorProblem(role, organisation, claims.sub);
    if (problem) throw new OidcRefusal('AUTH.OIDC_ID_TOKEN_INVALID', problem);
    return toActor(claims.sub as string, role, organisation, metadata.issuer);
  }

  private refuse(response: Response, error: unknown): void {
    if (!(error instanceof OidcRefusal)) throw error;
    this.logger.warn(`sign-in refused: ${error.logLine}`);
    response.redirect(303, failedPage(error.code));
  }
}
