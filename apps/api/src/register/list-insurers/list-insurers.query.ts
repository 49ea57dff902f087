import { Query } from '@nestjs/cqrs';
import type { RegisteredInsurer } from '@grants/domain';
import type { Actor } from '../../auth/actor';

export interface InsurerList {
  readonly fiscalYear: string;
  readonly count: number;
  /** Ordered by code. */
  readonly insurers: readonly RegisteredInsurer[];
}

/**
 * 保険者名簿, optionally one prefecture's: every insurer for national users and auditors, a prefecture's own
 * municipalities for it, an insurer itself only; `prefecture` outside the actor's scope is refused.
 */
export class ListInsurers extends Query<InsurerList> {
  constructor(
    readonly fiscalYear: string,
    readonly prefecture: string | undefined,
    readonly actor: Actor,
  ) {
    super();
  }
}
