import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';

/** The routes of one insurer's self-evaluation: `fiscal-years/{fy}/submissions/{code}/…`, with the command headers documented. */
export const SubmissionController = () =>
  applyDecorators(
    ApiTags('submissions 自己評価'),
    ApiBearerAuth(),
    ApiHeader({ name: 'Idempotency-Key', required: false }),
    ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' }),
    Controller('fiscal-years/:fiscalYear/submissions/:insurerCode'),
  );
