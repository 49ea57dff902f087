import { Query } from '@nestjs/cqrs';
import type { Phase, Readiness } from '@grants/domain';

export interface ReadinessView {
  readonly fiscalYear: string;
  readonly phase: Phase;
  /** The next phase, or null once the year is finalized. */
  readonly next: Phase | null;
  readonly missing: Readiness['missing'];
}

/** 次のフェーズに進むために不足しているもの. */
export class GetReadiness extends Query<ReadinessView> {
  constructor(readonly fiscalYear: string) {
    super();
  }
}
