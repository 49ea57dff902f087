import { Query } from '@nestjs/cqrs';
import type { ShippedFrameworkSummary } from '@grants/domain';

/** 同梱の指標体系: the frameworks a year can be opened with (`municipalFrameworkId` / `prefecturalFrameworkId`). */
export class ListFrameworks extends Query<ShippedFrameworkSummary[]> {}
