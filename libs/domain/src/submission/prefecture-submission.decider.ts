import { Decider } from '../decider/decider';
import { IndicatorAnswer } from '../scoring/answer-points';
import {
  evolvePrefectureSubmission,
  initialPrefectureSubmissionState,
  PREFECTURE_SUBMISSION_EVENT_TYPES,
  PrefectureSubmissionContext,
  PrefectureSubmissionEvent,
  PrefectureSubmissionState,
  reviewPrefectureAnswer,
  savePrefectureAnswers,
  setRequestedAmounts,
  submitPrefecture,
} from './prefecture-submission';
import { AnswerReview } from './submission';

/** Commands of a prefecture's own submission stream: its answers, 所要見込額, 提出 and the national review. */
export type PrefectureSubmissionCommand =
  | { readonly type: 'SavePrefectureAnswers'; readonly answers: Readonly<Record<string, IndicatorAnswer>>; readonly context: PrefectureSubmissionContext }
  | { readonly type: 'SetRequestedAmounts'; readonly amounts: { readonly suishinYen: string; readonly shienYen: string }; readonly context: PrefectureSubmissionContext }
  | { readonly type: 'SubmitPrefectureSubmission'; readonly context: PrefectureSubmissionContext }
  | { readonly type: 'ReviewPrefectureAnswer'; readonly review: AnswerReview; readonly context: PrefectureSubmissionContext };

export function decidePrefectureSubmission(command: PrefectureSubmissionCommand, state: PrefectureSubmissionState): PrefectureSubmissionEvent[] {
  switch (command.type) {
    case 'SavePrefectureAnswers':
      return savePrefectureAnswers(command.answers, state, command.context);
    case 'SetRequestedAmounts':
      return setRequestedAmounts({ ...command.amounts }, state, command.context);
    case 'SubmitPrefectureSubmission':
      return submitPrefecture(state, command.context);
    case 'ReviewPrefectureAnswer':
      return reviewPrefectureAnswer(command.review, state, command.context);
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

/** A prefecture's own submission (`prefecture_submission-FY2024-24`). */
export const prefectureSubmissionDecider: Decider<PrefectureSubmissionState, PrefectureSubmissionCommand, PrefectureSubmissionEvent> = {
  initialState: initialPrefectureSubmissionState,
  decide: decidePrefectureSubmission,
  evolve: evolvePrefectureSubmission,
  eventTypes: PREFECTURE_SUBMISSION_EVENT_TYPES,
};
