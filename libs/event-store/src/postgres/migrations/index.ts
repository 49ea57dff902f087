import { CreateEventStore1763800000000 } from './1763800000000-create-event-store';
import { CreateStreamCatalog1763800000001 } from './1763800000001-create-stream-catalog';
import { AddHashVersion1763800013000 } from './1763800013000-hash-version';
import { CreateAuditCheckpoints1763800013001 } from './1763800013001-audit-checkpoints';
import { AddCanonicalPayload1763800015000 } from './1763800015000-canonical-payload';

/** TypeORM migrations of the PostgreSQL event store and its own read models, in order. */
export const EVENT_STORE_MIGRATIONS = [CreateEventStore1763800000000, CreateStreamCatalog1763800000001, AddHashVersion1763800013000, CreateAuditCheckpoints1763800013001, AddCanonicalPayload1763800015000];
