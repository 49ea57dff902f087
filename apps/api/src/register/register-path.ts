import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { eventGuard } from '@grants/domain';
import type { InsurersRegistered } from '@grants/domain';
import type { CommandOutcome } from '../commands/stream-commands.service';

/** The routes of the year's register of insurers: `fiscal-years/{fy}/insurers/…`. */
export const RegisterController = () =>
  applyDecorators(ApiTags('register 保険者名簿'), ApiBearerAuth(), Controller('fiscal-years/:fiscalYear/insurers'));

const isRegisterEvent = eventGuard<InsurersRegistered>(['InsurersRegistered']);

/** How many insurers the command's events registered or corrected. */
export function insurersChanged(outcome: CommandOutcome): number {
  return outcome.events.filter(isRegisterEvent).reduce((n, event) => n + event.data.insurers.length, 0);
}
