import { CalculationAmount } from '../grant-calculation/calculation-amount.entity';
import { RegisteredInsurerRow } from '../register/registered-insurer.entity';
import { FiscalYearViewRow } from './fiscal-year-view.entity';

/** The read models a fiscal year's queries answer from, registered with the read-model data source. */
export const YEAR_VIEW_ENTITIES = [FiscalYearViewRow, RegisteredInsurerRow, CalculationAmount];
