import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ProjectionLagMeter } from '../projections/projection-lag';
import { errorKind } from './error-kind';

/** A read model that fails readiness, as `/health/ready` shows it. */
export interface LaggingProjection {
  readonly name: string;
  readonly behindEvents: string;
  readonly behindSeconds: number;
  /** The kind of error the projection is halted on (its text, which may name hosts or SQL, is logged only). */
  readonly stalledOn?: string;
}

/** The checks `/health/ready` adds to the database and event-store pings. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly lag: ProjectionLagMeter,
    private readonly config: AppConfig,
  ) {}

  /**
   * Down while a migration this code ships has not been applied to the database: it is being migrated (by this
   * instance at start, or by another one rolling out) or is older than the code.
   */
  async migrations<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const check = this.indicators.check(key);
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    try {
      const rows: { name: string }[] = await this.dataSource.query(`SELECT name FROM "${table}"`);
      const applied = new Set(rows.map((row) => row.name));
      const pending = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
      return pending.length === 0 ? check.up() : check.down({ pending });
    } catch (error) {
      return check.down({ message: 'the migrations could not be read', error: errorKind(String(error)) });
    }
  }

  /**
   * Down while a read model is halted on a failing batch, or is further behind the store's head than
   * READY_MAX_PROJECTION_LAG_EVENTS events or READY_MAX_PROJECTION_LAG_SECONDS seconds.
   */
  async projections<Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    const check = this.indicators.check(key);
    const maxEvents = BigInt(this.config.READY_MAX_PROJECTION_LAG_EVENTS);
    const maxSeconds = this.config.READY_MAX_PROJECTION_LAG_SECONDS;
    try {
      const { projections } = await this.lag.measure();
      const lagging: LaggingProjection[] = projections
        .filter((p) => p.stalled || p.behindEvents > maxEvents || p.behindSeconds > maxSeconds)
        .map((p) => ({
          name: p.name,
          behindEvents: p.behindEvents.toString(),
          behindSeconds: Math.round(p.behindSeconds * 10) / 10,
          ...(p.stalled && { stalledOn: errorKind(p.stalled.error) }),
        }));
      return lagging.length === 0 ? check.up() : check.down({ lagging, maxEvents: maxEvents.toString(), maxSeconds });
    } catch (error) {
      return check.down({ message: 'the projections could not be measured', error: errorKind(String(error)) });
    }
  }
}
