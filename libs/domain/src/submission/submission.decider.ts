import { Decider } from '../decider/decider';
import { IndicatorAnswer } from '../scoring/answer-points';
import {
  AnswerReview,
  DraftWindow,
  evolveSubmission,
  initialSubmissionState,
  returnSubmission,
  requestMunicipalAmounts,
  reviewAnswer,
  saveAnswers,
  submit,
  SUBMISSION_EVENT_TYPES,
  SubmissionContext,
  SubmissionEvent,
  SubmissionState,
} from './submission';

/** Commands of an insurer's self-evaluation stream; each carries the facts of the year it is decided against. */
export type SubmissionCommand =
  | { readonly type: 'SaveAnswers'; readonly answers: Readonly<Record<string, IndicatorAnswer>>; readonly context: SubmissionContext }
  | { readonly type: 'SubmitSubmission'; readonly context: SubmissionContext }
  | { readonly type: 'ReturnSubmission'; readonly reason: string; readonly reopenUntil?: string; readonly context: SubmissionContext }
  | { readonly type: 'ReviewAnswer'; readonly review: AnswerReview; readonly context: SubmissionContext }
  | {
      readonly type: 'RequestMunicipalAmounts';
      readonly amounts: { readonly suishinYen: string; readonly shienYen: string };
      readonly window: DraftWindow;
      readonly context: SubmissionContext;
    };

export function decideSubmission(command: SubmissionCommand, state: SubmissionState): SubmissionEvent[] {
  switch (command.type) {
    case 'SaveAnswers':
      return saveAnswers(command.answers, state, command.context);
    case 'SubmitSubmission':
      return submit(state, command.context);
    case 'ReturnSubmission':
      return returnSubmission(command.reason, state, command.context, command.reopenUntil);
    case 'ReviewAnswer':
      return reviewAnswer(command.review, state, command.context);
    case 'RequestMunicipalAmounts':
      return requestMunicipalAmounts(command.amounts, state, command.context, command.window);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** An insurer's self-evaluation (`submission-FY2024-242055`): answers, 提出, 差戻し, the national review and the 所要見込額 after 内示. */
export const submissionDecider: Decider<SubmissionState, SubmissionCommand, SubmissionEvent> = {
  initialState: initialSubmissionState,
  decide: decideSubmission,
  evolve: evolveSubmission,
  eventTypes: SUBMISSION_EVENT_TYPES,
};
