import type { UseFormRegister } from 'react-hook-form';
import { z } from 'zod';
import type { Answer, Indicator } from '../api/types';
import { type IndicatorEntry, indicatorNumber } from './answers';

/**
 * One question per self-assessed indicator (はい/いいえ, one option, or several), shared by the forms that answer a
 * framework: the form's values per indicator id are 'yes' | 'no', an option id, or the ticked option ids.
 */

/** A multiple-choice question's "none of these" box: answered with no option. */
export const NONE = '__none__';

export const answerFormSchema = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.literal(false), z.null()]).optional());
export type AnswerForm = z.infer<typeof answerFormSchema>;

/** Form fields are keyed by indicator id; react-hook-form reads dots as nesting, so they are escaped. */
export const fieldOf = (id: string) => id.replaceAll('.', '·');

export function toFormValue(indicator: Indicator, answer: Answer | undefined): string | string[] | undefined {
  if (!answer) return indicator.selection === 'multiple' ? [] : undefined;
  if (answer.answerType === 'yes_no') return answer.yes ? 'yes' : 'no';
  if (answer.answerType === 'choice') return indicator.selection === 'multiple' ? (answer.optionIds.length === 0 ? [NONE] : [...answer.optionIds]) : answer.optionIds[0];
  return undefined;
}

/** The answers given in the form (unanswered indicators are left out). */
export function toAnswers(entries: readonly IndicatorEntry[], values: AnswerForm): Record<string, Answer> {
  const answers: Record<string, Answer> = {};
  for (const { indicator } of entries) {
    const value = values[fieldOf(indicator.id)];
    if (indicator.answerType === 'yes_no' && (value === 'yes' || value === 'no')) answers[indicator.id] = { answerType: 'yes_no', yes: value === 'yes' };
    if (indicator.answerType === 'choice') {
      if (indicator.selection === 'multiple' && Array.isArray(value) && value.length > 0) {
        answers[indicator.id] = { answerType: 'choice', optionIds: value.includes(NONE) ? [] : value };
      } else if (typeof value === 'string' && value !== '') {
        answers[indicator.id] = { answerType: 'choice', optionIds: [value] };
      }
    }
  }
  return answers;
}

export function Question({ entry, register, disabled, unanswered }: { entry: IndicatorEntry; register: UseFormRegister<AnswerForm>; disabled: boolean; unanswered: boolean }) {
  const { indicator } = entry;
  const name = fieldOf(indicator.id);
  const multiple = indicator.selection === 'multiple';
  const choices: { value: string; label: string }[] =
    indicator.answerType === 'yes_no'
      ? [
          { value: 'yes', label: 'はい' },
          { value: 'no', label: 'いいえ' },
        ]
      : [...(indicator.options ?? []).map((o) => ({ value: o.id, label: o.label })), ...(multiple ? [{ value: NONE, label: 'いずれも該当しない' }] : [])];
  return (
    <fieldset id={`q-${name}`} className={`rounded-8 border-2 p-4 ${unanswered && !disabled ? 'border-warning-yellow-1' : 'border-solid-gray-420'}`}>
      <legend className="px-1 text-std-17B-170">
        <span className="mr-2 font-mono">{indicatorNumber(indicator)}</span>
        {indicator.label}
      </legend>
      <p className="mb-2 text-std-16N-170 text-solid-gray-800">
        配点 {indicator.points}点{multiple ? '・該当するものをすべて選択' : ''}
        {unanswered && !disabled ? '・未回答' : ''}
      </p>
      <div className="flex flex-col gap-1">
        {choices.map((choice) => (
          <label key={choice.value} className="flex min-h-11 items-center gap-3 text-std-16N-170">
            <input type={multiple ? 'checkbox' : 'radio'} value={choice.value} disabled={disabled} {...register(name)} className="size-6 shrink-0 accent-blue-900" />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
