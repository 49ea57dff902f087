import { Upcaster } from '@grants/event-store';

/**
 * Upcasters of every event schema the service has retired, applied whenever events are read (commands, queries,
 * projections, replay). Empty while every stored schema is current; see libs/event-store/src/upcasting.ts.
 */
export const API_UPCASTERS: readonly Upcaster[] = [];
