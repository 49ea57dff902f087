import { Attributes, Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { AppConfig } from '../config/app-config';

/** The tracer every span of the service comes from; a no-op until a tracer provider is registered (startTracing). */
export const tracer = () => trace.getTracer('grants-api');

/**
 * Runs `work` in a new span that is the active one inside it (children started there nest under it), ends it, and
 * marks it failed when `work` throws an error that `isFailure` counts as one (by default any; a refusal the client
 * caused is not the service's failure). Costs next to nothing while tracing is off.
 */
export function inSpan<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>, isFailure: (error: unknown) => boolean = () => true): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      if (isFailure(error)) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'Error' });
      }
      throw error;
    } finally {
      span.end();
    }
  });
}

export interface Tracing {
  /** Sends the spans buffered so far. */
  forceFlush(): Promise<void>;
  /** Sends the spans still buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider as the config says (TRACING, OTEL_EXPORTER_OTLP_ENDPOINT): spans batched
 * to an OTLP/HTTP collector (the exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself) or printed on
 * stdout; nothing at all when off. Incoming W3C `traceparent` headers are honoured once registered.
 */
export function startTracing(config: AppConfig, exporter?: SpanExporter): Tracing | undefined {
  // `exporter`: where tests collect the spans (an InMemorySpanExporter), whatever TRACING says.
  if (config.tracing === 'off' && !exporter) return undefined;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? 'grants-api' }),
    spanProcessors: [new BatchSpanProcessor(exporter ?? (config.tracing === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter()))],
  });
  provider.register();
  return { forceFlush: () => provider.forceFlush(), shutdown: () => provider.shutdown() };
}
