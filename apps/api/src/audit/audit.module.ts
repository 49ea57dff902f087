import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuditService } from './audit.service';
import { CalculationRecords } from './calculation-records';
import { AUDIT_SIGNING_KEY, AuditCheckpoints } from './checkpoints/audit-checkpoints.service';
import { loadAuditSigningKey } from './checkpoints/audit-signing-key';
import { DiffCalculationsController } from './diff-calculations/diff-calculations.controller';
import { DiffCalculationsHandler } from './diff-calculations/diff-calculations.handler';
import { ExportEventsController } from './export-events/export-events.controller';
import { ExportEventsHandler } from './export-events/export-events.handler';
import { ListCalculationsController } from './list-calculations/list-calculations.controller';
import { ListCalculationsHandler } from './list-calculations/list-calculations.handler';
import { ListCheckpointsController } from './list-checkpoints/list-checkpoints.controller';
import { ListCheckpointsHandler } from './list-checkpoints/list-checkpoints.handler';
import { RecipientAsOfController } from './recipient-as-of/recipient-as-of.controller';
import { GetRecipientAsOfHandler } from './recipient-as-of/recipient-as-of.handler';
import { RecipientEvents } from './recipient-events';
import { RecipientTimelineController } from './recipient-timeline/recipient-timeline.controller';
import { GetRecipientTimelineHandler } from './recipient-timeline/recipient-timeline.handler';
import { ReplayFiscalYearController } from './replay-fiscal-year/replay-fiscal-year.controller';
import { ReplayFiscalYearHandler } from './replay-fiscal-year/replay-fiscal-year.handler';
import { SignCheckpointController } from './sign-checkpoint/sign-checkpoint.controller';
import { SignCheckpointHandler } from './sign-checkpoint/sign-checkpoint.handler';
import { VerifyChainController } from './verify-chain/verify-chain.controller';
import { VerifyChainHandler } from './verify-chain/verify-chain.handler';

/**
 * Bounded context: 監査. Chain verification, replay, timelines, as-of views and diffs as queries, signed checkpoints
 * of the chain head (checkpoints/: signed after phase changes and finalization, and on demand), one folder per use
 * case; one recipient's reads go through the audit index (audit-index.projection.ts), the rest fold the year's events.
 */
@Module({
  controllers: [
    VerifyChainController,
    ReplayFiscalYearController,
    RecipientTimelineController,
    RecipientAsOfController,
    ListCalculationsController,
    DiffCalculationsController,
    ListCheckpointsController,
    SignCheckpointController,
    ExportEventsController,
  ],
  providers: [
    AuditService,
    RecipientEvents,
    CalculationRecords,
    VerifyChainHandler,
    ReplayFiscalYearHandler,
    GetRecipientTimelineHandler,
    GetRecipientAsOfHandler,
    ListCalculationsHandler,
    DiffCalculationsHandler,
    { provide: AUDIT_SIGNING_KEY, inject: [AppConfig], useFactory: loadAuditSigningKey },
    AuditCheckpoints,
    ListCheckpointsHandler,
    SignCheckpointHandler,
    ExportEventsHandler,
  ],
  exports: [AuditService, AuditCheckpoints],
})
export class AuditModule {}
