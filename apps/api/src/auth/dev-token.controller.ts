import { BadRequestException, Body, Controller, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CodedErrorResponse } from '../common/http-exception.filter';
import { AppConfig, DEV_JWT_SECRET } from '../config/app-config';
import { actorProblem, ROLES } from './actor';
import type { Role } from './actor';
import { Public } from './auth.decorators';
import { issueToken } from './tokens';

/** A development sign-in lasts a working day, or less when JWT_MAX_TTL_SECONDS says so. */
const DEV_TOKEN_TTL_SECONDS = 8 * 60 * 60;

export class DevTokenRequest {
  @ApiProperty({ enum: ROLES, example: 'prefecture' })
  @IsIn(ROLES)
  readonly role: Role;

  @ApiProperty({ description: "'MHLW', a prefecture code 01–47, or an insurer's 6-digit 地方公共団体コード", example: '24' })
  @IsString()
  @MaxLength(10)
  readonly org: string;

  @ApiPropertyOptional({ description: 'The user id the token names (default: `dev-<role>-<org>`)', example: 'mie-1' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  readonly sub?: string;
}

export class DevTokenResponse {
  @ApiProperty()
  readonly token: string;

  @ApiProperty({ description: 'ISO 8601 (UTC)' })
  readonly expiresAt: string;
}

/**
 * 開発用サインイン: the web app's development sign-in page picks a role and an organisation and gets a token here.
 * Only while NODE_ENV is development or test AND the built-in development JWT secret signs tokens (so never in
 * production, where that secret is refused at start-up); otherwise the route answers 404 as if it did not exist.
 */
@ApiTags('auth 認証')
@Controller('auth')
export class DevTokenController {
  constructor(private readonly config: AppConfig) {}

  @Post('dev-token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A development token for a role and organisation (development and test only)' })
  @ApiOkResponse({ type: DevTokenResponse })
  @ApiBadRequestResponse({ description: 'AUTH.DEV_TOKEN_INVALID_ACTOR: the role and organisation do not fit' })
  @ApiNotFoundResponse({ description: 'AUTH.DEV_TOKEN_DISABLED: production, or a JWT_SECRET of its own' })
  issue(@Body() body: DevTokenRequest): DevTokenResponse {
    if (!devTokensEnabled(this.config)) {
      const refused: CodedErrorResponse = {
        code: 'AUTH.DEV_TOKEN_DISABLED',
        message: '開発用サインインはこの環境では使えません。 Development sign-in is not available here.',
      };
      throw new NotFoundException(refused);
    }
    const sub = body.sub ?? `dev-${body.role}-${body.org}`;
    const problem = actorProblem(body.role, body.org, sub);
    if (problem) {
      const invalid: CodedErrorResponse = {
        code: 'AUTH.DEV_TOKEN_INVALID_ACTOR',
        message: `役割と組織の組合せが不正です。 ${problem}.`,
        details: { role: body.role, org: body.org },
      };
      throw new BadRequestException(invalid);
    }
    const ttl = Math.min(DEV_TOKEN_TTL_SECONDS, this.config.JWT_MAX_TTL_SECONDS);
    const now = Math.floor(Date.now() / 1000);
    return { token: issueToken(this.config, { sub, role: body.role, org: body.org }, ttl, now), expiresAt: new Date((now + ttl) * 1000).toISOString() };
  }
}

/** Development sign-in: outside production and only with the built-in development secret. */
export function devTokensEnabled(config: Pick<AppConfig, 'NODE_ENV' | 'JWT_SECRET'>): boolean {
  return (config.NODE_ENV === 'development' || config.NODE_ENV === 'test') && config.JWT_SECRET === DEV_JWT_SECRET;
}
