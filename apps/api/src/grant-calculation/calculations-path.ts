import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';

/** The routes of a fiscal year's grant calculation: `fiscal-years/{fy}/calculations/…`, with the command headers documented. */
export const CalculationsController = () =>
  applyDecorators(
    ApiTags('grant-calculation 交付額算定'),
    ApiBearerAuth(),
    ApiHeader({ name: 'Idempotency-Key', required: false }),
    ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' }),
    Controller('fiscal-years/:fiscalYear/calculations'),
  );
