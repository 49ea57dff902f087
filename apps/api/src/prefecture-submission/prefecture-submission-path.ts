import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';

/** The routes of one prefecture's own submission: `fiscal-years/{fy}/prefectures/{pref}/…`, with the command headers documented. */
export const PrefectureSubmissionController = () =>
  applyDecorators(
    ApiTags('prefecture-submissions 都道府県'),
    ApiBearerAuth(),
    ApiHeader({ name: 'Idempotency-Key', required: false }),
    ApiHeader({ name: 'If-Match', required: false, description: '取得時の版（ETag）' }),
    Controller('fiscal-years/:fiscalYear/prefectures/:prefectureCode'),
  );
