import { DomainError } from '../domain-error';
import { Framework, frameworkIndicators, NumericIndicator } from '../framework/framework';
import { FiscalYearLabel, Phase } from '../fiscal-year/fiscal-year';
import { NationalFigure } from '../scoring/percentile-bands';

/** 国による数値評価: the national figures of one activity or outcome indicator, for every insurer. */
export interface NationalFiguresRecorded {
  readonly type: 'NationalFiguresRecorded';
  readonly data: {
    readonly fiscalYear: FiscalYearLabel;
    readonly indicatorId: string;
    readonly figures: readonly NationalFigure[];
    readonly recordedAt: string;
  };
}

export interface NationalFiguresState {
  /** Latest figures by indicator id (a later recording replaces an earlier one). */
  readonly byIndicator: Readonly<Record<string, readonly NationalFigure[]>>;
}

export const initialNationalFiguresState: NationalFiguresState = { byIndicator: {} };

export function evolveNationalFigures(state: NationalFiguresState, event: NationalFiguresRecorded): NationalFiguresState {
  if (event.type !== 'NationalFiguresRecorded') return state;
  const { indicatorId, figures } = event.data;
  return { byIndicator: { ...state.byIndicator, [indicatorId]: figures } };
}

export function numericIndicators(framework: Framework): NumericIndicator[] {
  return frameworkIndicators(framework)
    .map(({ indicator }) => indicator)
    .filter((indicator): indicator is NumericIndicator => indicator.answerType === 'numeric');
}

/**
 * Records the figures of one numeric indicator: of the municipal framework for registered insurers, or of the
 * prefectural framework for the 47 prefectures (`registered` then holds the prefecture codes).
 */
export function recordNationalFigures(
  command: { fiscalYear: FiscalYearLabel; indicatorId: string; figures: readonly NationalFigure[] },
  phase: Phase,
  framework: Framework,
  registered: ReadonlySet<string>,
  now: Date,
): NationalFiguresRecorded[] {
  if (phase !== 'submissions_closed') {
    throw new DomainError('conflict', 'REVIEW.NOT_OPEN', '国の数値は提出締切後、審査完了前に登録します。', 'National figures are recorded after submissions close and before the review is completed.', undefined, { phase });
  }
  if (!numericIndicators(framework).some((indicator) => indicator.id === command.indicatorId)) {
    throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', `指標 ${command.indicatorId} は国による数値評価の指標ではありません。`, `${command.indicatorId} is not a numeric indicator of this framework.`, 'indicatorId');
  }
  const seen = new Set<string>();
  command.figures.forEach((figure, i) => {
    if (!registered.has(figure.code)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', `${figure.code} はこの指標の対象（登録保険者または都道府県）ではありません。`, `${figure.code} is not a registered insurer (or prefecture) of this indicator.`, `figures[${i}].code`);
    }
    if (seen.has(figure.code)) throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', `${figure.code} が重複しています。`, `${figure.code} appears twice.`, `figures[${i}].code`);
    seen.add(figure.code);
    if (figure.value !== null && !Number.isFinite(figure.value)) {
      throw new DomainError('invalid', 'VALIDATION.INVALID_FIELD', '数値は有限の数か null です。', 'A figure is a finite number or null.', `figures[${i}].value`);
    }
  });
  const figures = [...command.figures].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return [{ type: 'NationalFiguresRecorded', data: { fiscalYear: command.fiscalYear, indicatorId: command.indicatorId, figures, recordedAt: now.toISOString() } }];
}
