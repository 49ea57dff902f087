import ExcelJS from 'exceljs';
import { csvBytes, neutraliseFormula } from '../csv/csv-writer';
import { SelfAssessedIndicator } from '../framework/framework';
import { IndicatorAnswer } from '../scoring/answer-points';

/**
 * 自己評価の回答テンプレート of one prefecture: one row per municipality and self-assessed indicator, in the layout the
 * bulk answers import reads (保険者番号, 指標ID, 回答, 備考), with reading aids it skips: 保険者名, 指標, 選択できる値.
 * 回答 holds the insurer's current answer, if any, written as the import reads it (はい/いいえ, option ids joined by |).
 */
export const ANSWERS_TEMPLATE_HEADER = ['保険者番号', '保険者名', '指標ID', '指標', '選択できる値', '回答', '備考'] as const;

export interface AnswersTemplateRow {
  readonly insurerCode: string;
  readonly insurerName: string;
  readonly indicator: SelfAssessedIndicator;
  readonly answer: IndicatorAnswer | undefined;
}

export interface TemplateInsurer {
  readonly code: string;
  readonly name: string;
  /** The insurer's saved answers by indicator id (empty when it has none). */
  readonly answers: Readonly<Record<string, IndicatorAnswer>>;
}

/** The rows of a template: insurers in the order given, each with every self-assessed indicator in framework order. */
export function answersTemplateRows(insurers: readonly TemplateInsurer[], indicators: readonly SelfAssessedIndicator[]): AnswersTemplateRow[] {
  return insurers.flatMap((insurer) => indicators.map((indicator) => ({ insurerCode: insurer.code, insurerName: insurer.name, indicator, answer: insurer.answers[indicator.id] })));
}

/** What 回答 may hold: はい / いいえ, or the option ids with their labels and points. */
export function allowedValues(indicator: SelfAssessedIndicator): string {
  if (indicator.answerType === 'yes_no') return 'はい / いいえ';
  const options = indicator.options.map((option) => `${option.id}: ${option.label}（${option.points}点）`).join(' / ');
  return indicator.selection === 'multiple' ? `複数選択可（ID を | で区切る）: ${options}` : `1つ選択: ${options}`;
}

/** An answer as the import reads it back. */
export function answerText(answer: IndicatorAnswer | undefined): string {
  if (answer === undefined) return '';
  return answer.answerType === 'yes_no' ? (answer.yes ? 'はい' : 'いいえ') : answer.optionIds.join('|');
}

function record(row: AnswersTemplateRow): string[] {
  return [row.insurerCode, row.insurerName, row.indicator.id, row.indicator.label, allowedValues(row.indicator), answerText(row.answer), ''];
}

/** CSV through the one writer: UTF-8 with a BOM (Excel), or Shift_JIS (CP932) on request. */
export function answersTemplateCsv(rows: readonly AnswersTemplateRow[], encoding: 'utf-8' | 'shift_jis'): Buffer {
  return csvBytes([[...ANSWERS_TEMPLATE_HEADER], ...rows.map(record)], { encoding, bom: encoding === 'utf-8' });
}

/** XLSX: one sheet with the header row frozen, codes as text, and a drop-down list on 回答 where one value is picked. */
export async function answersTemplateXlsx(rows: readonly AnswersTemplateRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'incentive-grants';
  const sheet = workbook.addWorksheet('回答', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...ANSWERS_TEMPLATE_HEADER]).font = { bold: true };
  rows.forEach((row, index) => {
    sheet.addRow(record(row).map(neutraliseFormula));
    const list = dropDown(row.indicator);
    if (list) sheet.getCell(index + 2, 6).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${list.join(',')}"`], showErrorMessage: true };
  });
  sheet.getColumn(1).numFmt = '@';
  [10, 20, 18, 50, 50, 14, 30].forEach((width, index) => (sheet.getColumn(index + 1).width = width));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The values of a drop-down list, when the answer is one value and the list fits Excel's 255 characters. */
function dropDown(indicator: SelfAssessedIndicator): string[] | undefined {
  const values = indicator.answerType === 'yes_no' ? ['はい', 'いいえ'] : indicator.selection === 'single' ? indicator.options.map((option) => option.id) : undefined;
  return values && values.join(',').length <= 250 && values.every((value) => !/[",]/.test(value)) ? values : undefined;
}
