import { Decider } from '../decider/decider';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import { Framework } from '../framework/framework';
import { NationalFigure } from '../scoring/percentile-bands';
import { evolveNationalFigures, initialNationalFiguresState, NationalFiguresRecorded, NationalFiguresState, recordNationalFigures } from './national-figures';

/** 国による数値評価 of one indicator; `registered` holds the codes it may name (insurers, or the 47 prefectures). */
export interface RecordNationalFiguresCommand {
  readonly type: 'RecordNationalFigures';
  readonly fiscalYear: FiscalYearLabel;
  readonly indicatorId: string;
  readonly figures: readonly NationalFigure[];
  readonly phase: Phase;
  readonly framework: Framework;
  readonly registered: ReadonlySet<string>;
  readonly now: Date;
}

/** The national figures of a fiscal year (`national_figures-FY2024`). */
export const nationalFiguresDecider: Decider<NationalFiguresState, RecordNationalFiguresCommand, NationalFiguresRecorded> = {
  initialState: initialNationalFiguresState,
  decide: (c) => recordNationalFigures({ fiscalYear: c.fiscalYear, indicatorId: c.indicatorId, figures: c.figures }, c.phase, c.framework, c.registered, c.now),
  evolve: evolveNationalFigures,
  eventTypes: ['NationalFiguresRecorded'],
};
