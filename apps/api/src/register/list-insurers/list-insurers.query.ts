import { Query } from '@nestjs/cqrs';
import type { RegisteredInsurer } from '@grants/domain';

export interface InsurerList {
  readonly fiscalYear: string;
  readonly count: number;
  /** Ordered by code. */
  readonly insurers: readonly RegisteredInsurer[];
}

/** 保険者名簿, optionally one prefecture's. */
export class ListInsurers extends Query<InsurerList> {
  constructor(
    readonly fiscalYear: string,
    readonly prefecture: string | undefined,
  ) {
    super();
  }
}
