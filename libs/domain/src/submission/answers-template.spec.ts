import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { FY2024_MUNICIPAL_FRAMEWORK } from '../framework/shipped-frameworks';
import { parseAnswersCsv, parseAnswersFile } from './answers-csv';
import { allowedValues, answersTemplateCsv, answersTemplateRows, answersTemplateXlsx } from './answers-template';
import { selfAssessedIndicators } from './submission';

const indicators = [...selfAssessedIndicators(FY2024_MUNICIPAL_FRAMEWORK).values()];
const yesNo = indicators.find((indicator) => indicator.answerType === 'yes_no')!;
const choice = indicators.find((indicator) => indicator.answerType === 'choice')!;
const insurers = [
  { code: '242021', name: '四日市市', answers: {} },
  { code: '242055', name: '桑名市', answers: { [yesNo.id]: { answerType: 'yes_no' as const, yes: false }, [choice.id]: { answerType: 'choice' as const, optionIds: [choice.options[0].id] } } },
];
const rows = answersTemplateRows(insurers, indicators);
const scope = { prefectureCode: '24', registered: new Set(['242021', '242055']) };

describe('the answers template of a prefecture', () => {
  it('has a row per municipality and self-assessed indicator, the allowed values and the current answer', () => {
    expect(rows).toHaveLength(2 * indicators.length);
    const text = answersTemplateCsv(rows, 'utf-8').toString('utf8');
    expect(text.startsWith('\uFEFF保険者番号,保険者名,指標ID,指標,選択できる値,回答,備考\r\n')).toBe(true);
    const kuwana = text.split('\r\n').filter((line) => line.startsWith('242055,'));
    expect(kuwana).toHaveLength(indicators.length);
    expect(kuwana.find((line) => line.includes(`,${yesNo.id},`))).toMatch(/,はい \/ いいえ,いいえ,$/);
    expect(kuwana.find((line) => line.includes(`,${choice.id},`))).toContain(`,${choice.options[0].id},`);
    expect(allowedValues(choice)).toContain(`${choice.options[0].id}: ${choice.options[0].label}`);
  });

  it('is read back by the bulk answers import once filled in, in UTF-8 or Shift_JIS', () => {
    const filled = answersTemplateRows(
      insurers.map((insurer) => ({ ...insurer, answers: Object.fromEntries(indicators.map((i) => [i.id, i.answerType === 'yes_no' ? { answerType: 'yes_no' as const, yes: true } : { answerType: 'choice' as const, optionIds: [] }])) })),
      indicators,
    );
    for (const encoding of ['utf-8', 'shift_jis'] as const) {
      const bytes = answersTemplateCsv(filled, encoding);
      if (encoding === 'shift_jis') expect(iconv.decode(bytes, 'cp932').startsWith('保険者番号')).toBe(true);
      const parsed = parseAnswersCsv(bytes, FY2024_MUNICIPAL_FRAMEWORK, scope);
      expect(parsed.rows).toBe(2 * indicators.length);
      expect(parsed.answersByInsurer.get('242021')?.[yesNo.id]).toEqual({ answerType: 'yes_no', yes: true });
    }
  });

  it('writes XLSX with a header row, codes as text and a drop-down list on yes/no answers', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await answersTemplateXlsx(rows)).buffer);
    const sheet = workbook.getWorksheet('回答')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '保険者番号', '保険者名', '指標ID', '指標', '選択できる値', '回答', '備考']);
    expect(sheet.getCell('A2').value).toBe('242021');
    const yesNoRow = 2 + indicators.findIndex((indicator) => indicator.id === yesNo.id);
    expect(sheet.getCell(yesNoRow, 6).dataValidation).toMatchObject({ type: 'list', formulae: ['"はい,いいえ"'] });
    expect(sheet.rowCount).toBe(1 + rows.length);
  });

  it('is read back by the bulk answers import as the workbook itself, filled in as Excel leaves it', async () => {
    // Every row answered (an empty yes/no answer is refused, as in CSV); then some cells changed as Excel users do.
    const answered = answersTemplateRows(
      insurers.map((insurer) => ({ ...insurer, answers: Object.fromEntries(indicators.map((i) => [i.id, i.answerType === 'yes_no' ? { answerType: 'yes_no' as const, yes: false } : { answerType: 'choice' as const, optionIds: [] }])) })),
      indicators,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await answersTemplateXlsx(answered)).buffer);
    const sheet = workbook.getWorksheet('回答')!;
    const line = (code: string, id: string) => 2 + rows.findIndex((row) => row.insurerCode === code && row.indicator.id === id);
    // Picked from the drop-down, typed, and a code Excel turned into a number (its leading digits kept here).
    sheet.getCell(line('242021', yesNo.id), 6).value = 'はい';
    sheet.getCell(line('242021', choice.id), 6).value = { richText: [{ text: choice.options[0].id }] };
    sheet.getCell(line('242055', yesNo.id), 1).value = 242055;
    sheet.getCell(line('242055', yesNo.id), 6).value = { formula: '"はい"', result: 'はい' };
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());

    const parsed = await parseAnswersFile(bytes, FY2024_MUNICIPAL_FRAMEWORK, scope);
    expect(parsed.encoding).toBe('xlsx');
    expect(parsed.rows).toBe(rows.length);
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.answersByInsurer.get('242021')?.[yesNo.id]).toEqual({ answerType: 'yes_no', yes: true });
    expect(parsed.answersByInsurer.get('242021')?.[choice.id]).toEqual({ answerType: 'choice', optionIds: [choice.options[0].id] });
    expect(parsed.answersByInsurer.get('242055')?.[yesNo.id]).toEqual({ answerType: 'yes_no', yes: true });
    expect(parsed.linesByInsurer.get('242021')).toContain(line('242021', yesNo.id));

    // A wrong answer is named by the sheet's row and the column, and nothing is read.
    sheet.getCell(line('242055', choice.id), 6).value = 'どれでもない';
    const refused = await parseAnswersFile(Buffer.from(await workbook.xlsx.writeBuffer()), FY2024_MUNICIPAL_FRAMEWORK, scope).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'CSV.INVALID', details: [{ line: line('242055', choice.id), column: '回答', code: 'CSV.INVALID_ANSWER' }] });
    // CSV still goes the CSV way.
    expect((await parseAnswersFile(answersTemplateCsv(answered, 'utf-8'), FY2024_MUNICIPAL_FRAMEWORK, scope)).encoding).toBe('utf-8');
  });
});
