import { BadRequestException, Body, Controller, ForbiddenException, Get, HttpCode, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CodedErrorResponse } from '../../common/http-exception.filter';
import { AppConfig } from '../../config/app-config';
import { actorProblem, toActor } from '../actor';
import { ActorDto } from '../auth.controller';
import { Public } from '../auth.decorators';
import { DevTokenRequest, devTokensEnabled } from '../dev-token.controller';
import { OidcClient } from '../oidc/oidc-client';
import { appendCookie, cookieNames, readCookie, setCookie } from './cookies';
import { sameSecret, SessionStore, type WebSession } from './session-store';

/** The header the web app sends its session's CSRF token in, on every change. */
export const CSRF_HEADER = 'x-csrf-token';

export class SignInMethodsDto {
  @ApiProperty({ description: 'OpenID Connect sign-in is configured (GET /auth/oidc/login)' })
  readonly oidc: boolean;

  @ApiProperty({ description: 'Development sign-in is available (POST /auth/dev-session; development and test only)' })
  readonly development: boolean;
}

export class LogoutDto {
  @ApiProperty({ description: "Where the browser goes next: the sign-in page, or the provider's sign-out (then back to OIDC_POST_LOGOUT_REDIRECT_URI)", example: '/app/sign-in' })
  readonly redirectTo: string;
}

/** GET /auth/session: who the browser's session cookie signs in, if anyone. Never a token. */
export class SessionDto {
  @ApiProperty()
  readonly signedIn: boolean;

  @ApiPropertyOptional({ type: ActorDto })
  readonly actor?: ActorDto;

  @ApiPropertyOptional({ description: 'ISO 8601 (UTC): when the session ends unless used again' })
  readonly expiresAt?: string;

  @ApiPropertyOptional({ description: 'Send it back in X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie' })
  readonly csrfToken?: string;

  @ApiProperty({ type: SignInMethodsDto })
  readonly signIn: SignInMethodsDto;
}

/**
 * The web app's server-side session (backend for frontend): the browser holds an opaque id in an HttpOnly cookie and
 * never a token. GET /auth/session says who is signed in, POST /auth/logout ends the session, and in development and
 * tests POST /auth/dev-session signs in as a chosen role and organisation (as POST /auth/dev-token does for tools).
 */
@ApiTags('auth 認証')
@Controller('auth')
export class SessionController {
  constructor(
    private readonly config: AppConfig,
    private readonly sessions: SessionStore,
    private readonly oidc: OidcClient,
  ) {}

  @Get('session')
  @Public()
  @ApiOperation({ summary: 'The signed-in user of this browser (session cookie) and the sign-in methods offered' })
  @ApiOkResponse({ type: SessionDto })
  async session(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    response.setHeader('Cache-Control', 'no-store');
    const session = await this.sessions.find(readCookie(request.headers.cookie, cookieNames(this.config).session));
    return this.describe(session);
  }

  @Post('logout')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Ends the session of this browser (X-CSRF-Token required while signed in)' })
  @ApiOkResponse({ type: LogoutDto, description: "Signed out; the session cookie is deleted. An OpenID Connect session goes on to the provider's sign-out when configured" })
  @ApiForbiddenResponse({ description: 'AUTH.CSRF_TOKEN_INVALID' })
  async logout(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<LogoutDto> {
    const names = cookieNames(this.config);
    const id = readCookie(request.headers.cookie, names.session);
    const session = await this.sessions.find(id);
    if (session) assertCsrf(session, request.headers[CSRF_HEADER]);
    await this.sessions.end(id);
    appendCookie(response, setCookie(this.config, names.session, '', 0));
    response.setHeader('Cache-Control', 'no-store');
    const atProvider = session && this.config.oidcEnabled && session.actor.issuer === this.config.OIDC_ISSUER ? await this.oidc.logoutUrl() : undefined;
    return { redirectTo: atProvider ?? '/app/sign-in' };
  }

  @Post('dev-session')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Development sign-in of the web app: a session for a role and organisation (development and test only)' })
  @ApiOkResponse({ type: SessionDto })
  @ApiBadRequestResponse({ description: 'AUTH.DEV_TOKEN_INVALID_ACTOR: the role and organisation do not fit' })
  @ApiNotFoundResponse({ description: 'AUTH.DEV_TOKEN_DISABLED: production, or a JWT_SECRET of its own' })
  async devSession(@Body() body: DevTokenRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    if (!devTokensEnabled(this.config)) {
      const refused: CodedErrorResponse = { code: 'AUTH.DEV_TOKEN_DISABLED', message: '開発用サインインはこの環境では使えません。 Development sign-in is not available here.' };
      throw new NotFoundException(refused);
    }
    const sub = body.sub ?? `dev-${body.role}-${body.org}`;
    const problem = actorProblem(body.role, body.org, sub);
    if (problem) {
      const invalid: CodedErrorResponse = { code: 'AUTH.DEV_TOKEN_INVALID_ACTOR', message: `役割と組織の組合せが不正です。 ${problem}.`, details: { role: body.role, org: body.org } };
      throw new BadRequestException(invalid);
    }
    const names = cookieNames(this.config);
    await this.sessions.end(readCookie(request.headers.cookie, names.session));
    // The same issuer as development tokens: a person is the same actor whichever way they signed in.
    const { id, session } = await this.sessions.create(toActor(sub, body.role, body.org), this.config.JWT_ISSUER);
    appendCookie(response, setCookie(this.config, names.session, id, this.config.SESSION_MAX_SECONDS));
    response.setHeader('Cache-Control', 'no-store');
    return this.describe(session);
  }

  private describe(session: WebSession | undefined): SessionDto {
    const signIn = { oidc: this.config.oidcEnabled, development: devTokensEnabled(this.config) };
    if (!session) return { signedIn: false, signIn };
    return { signedIn: true, actor: session.actor, expiresAt: session.expiresAt.toISOString(), csrfToken: session.csrfToken, signIn };
  }
}

/** Refuses a cookie-authenticated change without the session's CSRF token: 403 AUTH.CSRF_TOKEN_INVALID. */
export function assertCsrf(session: WebSession, header: string | string[] | undefined): void {
  if (typeof header === 'string' && sameSecret(header, session.csrfToken)) return;
  const body: CodedErrorResponse = {
    code: 'AUTH.CSRF_TOKEN_INVALID',
    message: '画面の情報が古いため操作を受け付けられませんでした。ページを再読み込みしてからもう一度操作してください。 The request lacks this session\'s X-CSRF-Token; reload the page and try again.',
  };
  throw new ForbiddenException(body);
}
