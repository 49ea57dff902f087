import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

/** The routes of the fiscal year itself: `fiscal-years/…`. */
export const FiscalYearController = () => applyDecorators(ApiTags('fiscal-years 年度'), ApiBearerAuth(), Controller('fiscal-years'));
