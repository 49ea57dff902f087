import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { RateLimitModule } from './rate-limit/rate-limit';
import { CommandsModule } from './commands/commands.module';
import { AppOptions, ConfigModule } from './config/config.module';
import { FileParsingModule } from './file-parsing/file-parsing.module';
import { FiscalYearModule } from './fiscal-year/fiscal-year.module';
import { GrantCalculationModule } from './grant-calculation/grant-calculation.module';
import { NationalReviewModule } from './national-review/national-review.module';
import { PrefectureSubmissionModule } from './prefecture-submission/prefecture-submission.module';
import { RegisterModule } from './register/register.module';
import { ScoringModule } from './scoring/scoring.module';
import { SubmissionModule } from './submission/submission.module';
import { DatabaseModule } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { ProjectionsModule } from './projections/projections.module';

/** The HTTP service. Bounded-context modules (fiscal-year, submission, …) are imported here as they arrive. */
@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options),
        LoggingModule,
        // CommandBus and QueryBus only: the in-memory EventBus never carries persistence or projections (STYLE.md 17).
        CqrsModule.forRoot(),
        DatabaseModule,
        EventStoreModule,
        // Before AuthModule: the per-address limit runs before authentication.
        RateLimitModule,
        AuthModule,
        CommandsModule,
        FileParsingModule,
        ProjectionsModule,
        HealthModule,
        FiscalYearModule,
        RegisterModule,
        SubmissionModule,
        PrefectureSubmissionModule,
        NationalReviewModule,
        ScoringModule,
        GrantCalculationModule,
        AuditModule,
      ],
    };
  }
}
