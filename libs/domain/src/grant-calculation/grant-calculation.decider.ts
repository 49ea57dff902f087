import { Decider } from '../decider/decider';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import { publishDraft } from './draft';
import {
  approveFinalization,
  approveScoreCorrection,
  CalculationInputs,
  evolveGrantCalculation,
  GRANT_CALCULATION_EVENT_TYPES,
  GrantCalculationEvent,
  GrantCalculationState,
  initialGrantCalculationState,
  recalculate,
  requestFinalization,
  requestScoreCorrection,
  requestSettlement,
  runTrialCalculation,
  ScoreCorrectionRequest,
  SettlementInputs,
} from './grant-calculation';

interface Timed {
  readonly fiscalYear: FiscalYearLabel;
  readonly now: Date;
}

/** Commands of a fiscal year's grant calculation: 試算, 内示, 起案, 決裁, score corrections (起案 and 決裁) and 再算定. */
export type GrantCalculationCommand =
  | (Timed & { readonly type: 'RunTrialCalculation'; readonly inputs: CalculationInputs; readonly inputsSha256: string; readonly phase: Phase })
  | (Timed & { readonly type: 'PublishDraft'; readonly trialNumber: number; readonly publishedBy: string; readonly phase: Phase })
  | (Timed & {
      readonly type: 'RequestFinalization';
      /** The trial to finalize (single-pass years); a settlement year settles under the requests instead. */
      readonly trialNumber?: number;
      readonly requestedBy: string;
      readonly requestedByIssuer?: string;
      /** Settlement years (`mhlw-fy2024-v1`): the inputs once the 所要見込額 window has closed, and the phase. */
      readonly settlement?: SettlementInputs;
    })
  | (Timed & { readonly type: 'ApproveFinalization'; readonly approvedBy: string; readonly approvedByIssuer?: string })
  | (Timed & {
      readonly type: 'RequestScoreCorrection';
      readonly correction: ScoreCorrectionRequest;
      /** The recipients of the level, each with its score in the grant as scored. */
      readonly recorded: ReadonlyMap<string, number>;
      /** The grant's maximum for the level, from the year's framework. */
      readonly maximum: number;
    })
  | (Timed & { readonly type: 'ApproveScoreCorrection'; readonly correctionId: string; readonly approvedBy: string; readonly approvedByIssuer?: string })
  | (Timed & { readonly type: 'Recalculate'; readonly inputs: CalculationInputs; readonly inputsSha256: string });

export function decideGrantCalculation(command: GrantCalculationCommand, state: GrantCalculationState): GrantCalculationEvent[] {
  switch (command.type) {
    case 'RunTrialCalculation':
      return runTrialCalculation(command.inputs, command.inputsSha256, state, command.phase, command.now);
    case 'PublishDraft':
      return publishDraft(command.trialNumber, command.publishedBy, state, command.phase, command.fiscalYear, command.now);
    case 'RequestFinalization':
      return command.settlement
        ? requestSettlement(command.settlement, command.requestedBy, state, command.fiscalYear, command.now, command.requestedByIssuer)
        : requestFinalization(command.trialNumber, command.requestedBy, state, command.fiscalYear, command.now, command.requestedByIssuer);
    case 'ApproveFinalization':
      return approveFinalization(command.approvedBy, state, command.fiscalYear, command.now, command.approvedByIssuer);
    case 'RequestScoreCorrection':
      return requestScoreCorrection(command.correction, command.recorded, command.maximum, state, command.fiscalYear, command.now);
    case 'ApproveScoreCorrection':
      return approveScoreCorrection(command.correctionId, command.approvedBy, state, command.now, command.approvedByIssuer);
    case 'Recalculate':
      return recalculate(command.inputs, command.inputsSha256, state, command.now);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** The grant calculation of a fiscal year (`grant_calculation-FY2024`). */
export const grantCalculationDecider: Decider<GrantCalculationState, GrantCalculationCommand, GrantCalculationEvent> = {
  initialState: initialGrantCalculationState,
  decide: decideGrantCalculation,
  evolve: evolveGrantCalculation,
  eventTypes: GRANT_CALCULATION_EVENT_TYPES,
};
