import { AppendOptions, AppendResult, EventStore, NewEvent, WrongExpectedVersion } from '@grants/event-store';
import { Metrics } from '../observability/metrics';
import { inSpan } from '../observability/tracing';

/**
 * The store with its appends timed, sized and traced (an `event-store append` span under the command's), at the
 * EventStore contract and so for any adapter. A Proxy rather than a subclass: everything else — `instanceof
 * PostgresEventStore`, its pool, its private fields — reaches the real store untouched.
 */
export function instrumentEventStore(store: EventStore, metrics: Metrics): EventStore {
  const append = async (streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> => {
    const stopTimer = metrics.appendDuration.startTimer();
    metrics.appendsInFlight.inc();
    return inSpan('event-store append', { 'grants.stream_id': streamId, 'grants.events': events.length }, async (span) => {
      try {
        const result = await store.append(streamId, events, options);
        stopTimer({ outcome: result.idempotentReplay ? 'idempotent_replay' : 'appended' });
        if (!result.idempotentReplay) metrics.appendEvents.observe(events.length);
        span.setAttribute('grants.idempotent_replay', result.idempotentReplay);
        return result;
      } catch (error) {
        stopTimer({ outcome: error instanceof WrongExpectedVersion ? 'conflict' : 'error' });
        throw error;
      } finally {
        metrics.appendsInFlight.dec();
      }
    }, (error) => !(error instanceof WrongExpectedVersion));
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'append') return append;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
