import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ROLES } from './actor';
import type { Actor, Role } from './actor';
import { CurrentActor } from './auth.decorators';

/** The authenticated caller, as GET /auth/me returns it. */
export class ActorDto implements Actor {
  @ApiProperty({ example: 'kuwana-1' })
  readonly actorId: string;

  @ApiProperty({ enum: ROLES, example: 'insurer' })
  readonly role: Role;

  @ApiProperty({ description: "'MHLW', a prefecture code 01–47, or an insurer's 6-digit 地方公共団体コード", example: '242055' })
  readonly organisationCode: string;

  @ApiPropertyOptional({ description: 'Prefecture of a prefecture user or an insurer', example: '24' })
  readonly prefectureCode?: string;

  @ApiPropertyOptional({ description: "The token's issuer (iss): a person is actorId at this issuer", example: 'grants-api' })
  readonly issuer?: string;
}

@ApiTags('auth 認証')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  /** Who the token says the caller is: role, organisation and prefecture (any role). */
  @Get('me')
  @ApiOperation({ summary: 'The authenticated caller (any role)' })
  @ApiOkResponse({ type: ActorDto })
  @ApiUnauthorizedResponse({ description: 'AUTH.UNAUTHENTICATED, AUTH.TOKEN_EXPIRED or AUTH.TOKEN_INVALID' })
  me(@CurrentActor() actor: Actor): ActorDto {
    return actor;
  }
}
