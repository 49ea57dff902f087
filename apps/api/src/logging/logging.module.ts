import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { AppConfig } from '../config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's X-Request-Id when it is well-formed (so traces join across services), else makes one. */
export function requestId(request: IncomingMessage, response: ServerResponse): string {
  const incoming = request.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** Paths pino must never print: credentials travel in these headers. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'res.headers["set-cookie"]'];

/**
 * JSON logs on stdout, one line per request (id, method, url, status, time) and never a body. Probes of /health are
 * not logged when they pass: a failing check is logged by terminus.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.LOG_LEVEL,
          base: { service: 'grants-api' },
          timestamp: stdTimeFunctions.isoTime,
          genReqId: requestId,
          redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
          // The status is what matters of a response; its headers are the same helmet set every time.
          serializers: { res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }) },
          autoLogging: { ignore: (request: IncomingMessage) => request.url === '/health' },
          customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) =>
            error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
