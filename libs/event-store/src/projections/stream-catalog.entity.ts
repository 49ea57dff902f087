import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per stream: the auditor's stream browser (what exists, how long, last changed when). */
@Entity({ name: 'stream_catalog' })
export class StreamCatalogEntry {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId: string;

  /** The stream id's prefix before the first '-', e.g. 'fiscal_year' for 'fiscal_year-FY2024'. */
  @Column({ type: 'text' })
  category: string;

  @Column({ name: 'event_count', type: 'bigint' })
  eventCount: string;

  @Column({ name: 'last_version', type: 'bigint' })
  lastVersion: string;

  @Column({ name: 'last_position', type: 'numeric', precision: 39, scale: 0 })
  lastPosition: string;

  @Column({ name: 'last_event_type', type: 'text' })
  lastEventType: string;

  @Column({ name: 'first_recorded_at', type: 'timestamptz' })
  firstRecordedAt: Date;

  @Column({ name: 'last_recorded_at', type: 'timestamptz' })
  lastRecordedAt: Date;
}
