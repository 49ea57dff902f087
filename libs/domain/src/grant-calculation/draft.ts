import { DomainError } from '../domain-error';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import type { GrantCalculationState, RecordedPool } from './grant-calculation';

/**
 * 内示: a national administrator publishes a trial as the draft 交付見込額（案）. Each recipient then sees its own 案
 * and states its 所要見込額; a later trial settles the requests against the same 案.
 */
export interface DraftPublished {
  readonly type: 'DraftPublished';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly trialNumber: number;
    readonly inputsSha256: string;
    readonly publishedBy: string;
    readonly publishedAt: string;
  };
}

/** The draft in force: the published trial's pools, as recorded by that trial. */
export interface PublishedDraft {
  readonly trialNumber: number;
  readonly inputsSha256: string;
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly pools: readonly RecordedPool[];
}

/** 内示 of the latest trial, once the year is scored and before finalization; publishing the same trial again is a no-op. */
export function publishDraft(trialNumber: number, publishedBy: string, state: GrantCalculationState, phase: Phase, fiscalYear: FiscalYearLabel, now: Date): DraftPublished[] {
  if (phase !== 'scored' && phase !== 'allocated') {
    throw new DomainError('conflict', 'CALCULATION.NOT_SCORED', '内示は評価確定後（確定前）に行えます。', 'The draft is published after scoring and before finalization.', undefined, { phase });
  }
  if (state.finalized) {
    throw new DomainError('conflict', 'CALCULATION.FINALIZED', `交付額は確定済みです（試算 ${state.finalized.trialNumber}）。`, `The grants are finalized (trial ${state.finalized.trialNumber}).`);
  }
  if (!state.latest) throw new DomainError('conflict', 'CALCULATION.NO_TRIAL', '内示の前に試算を行ってください。', 'Run a trial calculation before publishing the draft.');
  if (trialNumber !== state.latest.trialNumber) {
    throw new DomainError('conflict', 'CALCULATION.STALE_TRIAL', `内示できるのは最新の試算（${state.latest.trialNumber}）のみです。`, `Only the latest trial (${state.latest.trialNumber}) can be published.`, 'trialNumber', {
      latest: state.latest.trialNumber,
    });
  }
  if (state.draft?.trialNumber === trialNumber) return [];
  return [{ type: 'DraftPublished', data: { fiscalYear, trialNumber, inputsSha256: state.latest.inputsSha256, publishedBy, publishedAt: now.toISOString() } }];
}
