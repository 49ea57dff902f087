import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/** The published scores and ranks of one fiscal year: `fiscal-years/{fy}/…`. */
export const ScoringController = () => applyDecorators(ApiTags('scoring 評価結果'), ApiBearerAuth(), Controller('fiscal-years/:fiscalYear'));
