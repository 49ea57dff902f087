import { Query } from '@nestjs/cqrs';
import type { Framework } from '@grants/domain';

/** 指標体系: one of the frameworks the year was opened with ('municipal' or 'prefectural'). */
export class GetFramework extends Query<Framework> {
  constructor(
    readonly fiscalYear: string,
    readonly level: string,
  ) {
    super();
  }
}
