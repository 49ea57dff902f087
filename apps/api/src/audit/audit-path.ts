import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';

/**
 * 監査: the routes under `audit/`, for auditors and the ministry. They only read, each answer computed from the events
 * (through the audit index where one recipient is asked for), as of `?asOf=` when given (X-As-Of header).
 */
export const AuditController = () => applyDecorators(ApiTags('audit 監査'), ApiBearerAuth(), Roles('auditor', 'national-admin', 'national-reviewer'), Controller('audit'));
