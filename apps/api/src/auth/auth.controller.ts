import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from './actor';
import { CurrentActor } from './auth.decorators';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class AuthController {
  /** Who the token says the caller is: role, organisation and prefecture. */
  @Get('me')
  @ApiOkResponse({ description: 'The authenticated actor' })
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
