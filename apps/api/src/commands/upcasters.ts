import { requestedAmountsSetV1 } from '@grants/domain';
import { Upcaster } from '@grants/event-store';

/**
 * Upcasters of every event schema the service has retired, applied whenever events are read (commands, queries,
 * projections, audit replay, the CLI). See libs/event-store/src/upcasting.ts.
 * - RequestedAmountsSet 1 → 2: 所要見込額 from 千円 numbers to exact yen strings.
 */
export const API_UPCASTERS: readonly Upcaster[] = [requestedAmountsSetV1];
