import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
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
import { ObservabilityModule } from './observability/observability.module';
import { ProjectionsModule } from './projections/projections.module';

/** The built web app (`apps/web`, built by `npm run build:web` into dist/web), served when it has been built. */
export const WEB_APP_ROOT = join(process.cwd(), 'dist', 'web');
/**
 * The paths that answer with the web app's index.html: `/` and the app's own routes under `/app/`. Every other path
 * stays the API's, so an unknown API path is still a JSON 404, never the app.
 */
export const WEB_APP_ROUTES = /^\/(?:app(?:\/.*)?)?$/;

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
        // /metrics, the CommandBus and store instrumentation, the HTTP span of each request.
        ObservabilityModule,
        FiscalYearModule,
        RegisterModule,
        SubmissionModule,
        PrefectureSubmissionModule,
        NationalReviewModule,
        ScoringModule,
        GrantCalculationModule,
        AuditModule,
        // Registered after the API's routes (at module init), so it only serves what no route answers.
        ...(existsSync(join(WEB_APP_ROOT, 'index.html'))
          ? [ServeStaticModule.forRoot({ rootPath: WEB_APP_ROOT, renderPath: WEB_APP_ROUTES, serveStaticOptions: { index: false } })]
          : []),
      ],
    };
  }
}
