import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ThrottlerStorage } from '@nestjs/throttler';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { refuseTokenInQuery } from './auth/token-in-query';
import { HttpExceptionFilter, preRoutingErrorHandler } from './common/http-exception.filter';
import { jsonCharsetGuard, jsonLimitsGuard, verifyJsonLimits } from './common/json-limits';
import { createValidationPipe } from './common/validation';
import { AppOptions } from './config/config.module';
import { AuditLog } from './logging/audit-log';
import { boundRequestId } from './logging/logging.module';
import { addressRateLimit } from './rate-limit/rate-limit';
import { httpMetrics } from './observability/http.middleware';
import { Metrics } from './observability/metrics';

export const API_TITLE = 'インセンティブ交付金 API (Incentive grants)';
export const API_VERSION = '0.1.0';
/** RELIABILITY.md §3 (API4): JSON bodies above this are refused with 413 before any handler runs. */
export const BODY_LIMIT = '1mb';
/** RELIABILITY.md §3 (API4): file uploads are refused above 20 MB. */
export const UPLOAD_LIMIT = '20mb';

/**
 * Builds the whole HTTP app on the given database (migrations run while it is created) without listening, so that
 * main.ts and the e2e tests start the very same app. The caller calls `init()` or `listen()`, and `close()`.
 */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    // Registered below with our limit; Nest's default parsers would accept 100 kB only and answer errors as HTML.
    bodyParser: false,
    // Throw to the caller (main.ts stops the embedded database and exits 1) instead of process.abort().
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // First, so that every response is timed and counted, those refused before routing too (README "Metrics and health").
  app.use(httpMetrics(app.get(Metrics)));
  const { config } = options;
  // First of all: a bounded X-Request-Id, one per-address budget for every path (routes, /docs, unknown ones), and
  // no token in a URL.
  // Each of these refusals before routing writes its audit line, as the routes' refusals do.
  const audit = app.get(AuditLog);
  app.use(boundRequestId);
  app.use(addressRateLimit(app.get<ThrottlerStorage>(ThrottlerStorage), config, audit));
  app.use(refuseTokenInQuery(audit));
  app.use(
    helmet({
      // Outside production the service is reached over plain HTTP (localhost, docker compose): asking browsers to
      // upgrade to HTTPS there would break the Swagger UI's own assets.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: config.isProduction ? [] : null } },
      strictTransportSecurity: config.isProduction,
    }),
  );
  app.use(jsonCharsetGuard);
  // The JSON limits are checked on the bytes before parsing (verify), and on the parsed value after (jsonLimitsGuard).
  // Passed as a variable: Nest's typing leaves `verify` out because it uses it for rawBody, which this app does not.
  const jsonOptions = { limit: BODY_LIMIT, verify: verifyJsonLimits };
  app.useBodyParser('json', jsonOptions);
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: false });
  // CSV and XLSX uploads (register, bulk answers, national figures) arrive as raw bytes, so that Shift_JIS files are decoded by the importer.
  app.useBodyParser('raw', { type: ['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], limit: UPLOAD_LIMIT });
  app.use(jsonLimitsGuard);
  app.use(preRoutingErrorHandler(audit));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(app.get(HttpAdapterHost), audit));

  const document = new DocumentBuilder()
    .setTitle(API_TITLE)
    .setDescription('保険者機能強化推進交付金・介護保険保険者努力支援交付金の申請、審査、評価、交付額算定。')
    .setVersion(API_VERSION)
    .addBearerAuth()
    .build();
  // The API docs are public in development and test only (NODE_ENV says so explicitly); elsewhere they are not served.
  if (config.isDevelopment) SwaggerModule.setup('docs', app, () => withAsOf(SwaggerModule.createDocument(app, document)), { jsonDocumentUrl: 'docs-json' });
  return app;
}

/** Every read route answers as of a point in the log (AsOfInterceptor); the document says so on each GET. */
function withAsOf(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    const get = item.get;
    if (!get || (get.parameters ?? []).some((p) => 'name' in p && p.name === 'asOf')) continue;
    get.parameters = [
      ...(get.parameters ?? []),
      {
        name: 'asOf',
        in: 'query',
        required: false,
        description: 'その時点の状態で回答します。イベントの位置（整数）か ISO 8601 日時。 Answers as the log stood at a global position or time.',
        schema: { type: 'string' },
      },
    ];
  }
  return document;
}
