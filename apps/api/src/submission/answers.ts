import { DomainError, IndicatorAnswer } from '@grants/domain';

const ID = /^[A-Za-z0-9_.-]{1,60}$/;

/** Answers one request may carry (keys of `answers`): a framework has about 100 indicators. */
export const MAX_ANSWERS_PER_REQUEST = 500;

/** Checks the shape of answers from a request body; the decider then checks them against the framework. */
export function parseAnswers(raw: unknown, field = 'answers'): Record<string, IndicatorAnswer> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(field, '回答は指標IDをキーとするオブジェクトです。', 'Answers are an object keyed by indicator id.');
  const answers: Record<string, IndicatorAnswer> = {};
  for (const [id, value] of Object.entries(raw)) {
    if (!ID.test(id)) throw bad(`${field}.${id}`, '指標IDが不正です。', 'Invalid indicator id.');
    answers[id] = parseAnswer(value, `${field}.${id}`);
  }
  return answers;
}

export function parseAnswer(value: unknown, field: string): IndicatorAnswer {
  const answer = value as { answerType?: unknown; yes?: unknown; optionIds?: unknown } | null;
  if (answer?.answerType === 'yes_no' && typeof answer.yes === 'boolean' && Object.keys(answer).length === 2) {
    return { answerType: 'yes_no', yes: answer.yes };
  }
  if (
    answer?.answerType === 'choice' &&
    Array.isArray(answer.optionIds) &&
    answer.optionIds.length <= 50 &&
    answer.optionIds.every((id) => typeof id === 'string' && ID.test(id)) &&
    Object.keys(answer).length === 2
  ) {
    return { answerType: 'choice', optionIds: [...(answer.optionIds as string[])] };
  }
  throw bad(field, '回答は {"answerType":"yes_no","yes":true} か {"answerType":"choice","optionIds":["a"]} の形式です。', 'An answer is {"answerType":"yes_no","yes":true} or {"answerType":"choice","optionIds":["a"]}.');
}

function bad(field: string, ja: string, en: string): DomainError {
  return new DomainError('invalid', 'VALIDATION.INVALID_FIELD', ja, en, field);
}
