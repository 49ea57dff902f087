import { CsvIssue, CsvRejected, normaliseCode, readCsv } from '../csv/csv-file';
import { isXlsx, readXlsx, UploadTable } from '../csv/xlsx-file';
import { Framework, SelfAssessedIndicator } from '../framework/framework';
import { answerPoints, IndicatorAnswer } from '../scoring/answer-points';
import { selfAssessedIndicators } from './submission';

const YES = new Set(['はい', 'yes', 'y', '1', '○', '〇', 'true', '該当']);
const NO = new Set(['いいえ', 'no', 'n', '0', '×', 'false', '非該当']);

export interface AnswersCsv {
  /** Answers by insurer code, then indicator id. */
  readonly answersByInsurer: ReadonlyMap<string, Record<string, IndicatorAnswer>>;
  /** The file's line numbers of each insurer's rows (header = line 1), to say exactly which rows landed. */
  readonly linesByInsurer: ReadonlyMap<string, readonly number[]>;
  readonly rows: number;
  readonly sha256: string;
  readonly encoding: string;
}

/**
 * A prefecture's bulk self-evaluation upload: one row per insurer and indicator (保険者番号, 指標ID, 回答, [備考]; the
 * answers template's 保険者名, 指標 and 選択できる値 columns are skipped).
 * yes/no answers: はい/いいえ, yes/no, 1/0, ○/×; choices: option ids separated by | or 、 (empty: none applies).
 * Every insurer must be registered and belong to the prefecture; without a prefecture in the scope (the CLI's
 * `score`, which reads the whole nation's answers from one file), to any prefecture.
 */
export function parseAnswersCsv(
  bytes: Buffer,
  framework: Framework,
  scope: AnswersScope,
  encoding: 'utf-8' | 'shift_jis' | 'auto' = 'auto',
): AnswersCsv {
  return answersOf(readCsv(bytes, { ...ANSWERS_TABLE, encoding }), framework, scope);
}

/**
 * The same upload as CSV (parseAnswersCsv) or as the answers template's workbook filled in and saved as XLSX (its first
 * sheet, told apart by the file's first bytes; lines are the sheet's rows, `encoding` is then 'xlsx').
 */
export async function parseAnswersFile(
  bytes: Buffer,
  framework: Framework,
  scope: AnswersScope,
  encoding: 'utf-8' | 'shift_jis' | 'auto' = 'auto',
): Promise<AnswersCsv> {
  if (!isXlsx(bytes)) return parseAnswersCsv(bytes, framework, scope, encoding);
  return answersOf(await readXlsx(bytes, ANSWERS_TABLE), framework, scope);
}

export interface AnswersScope {
  readonly prefectureCode?: string;
  readonly registered: ReadonlySet<string>;
}

const ANSWERS_TABLE = {
  columns: {
    code: ['保険者番号', 'code'],
    indicatorId: ['指標ID', 'indicatorId'],
    answer: ['回答', 'answer'],
    note: ['備考', 'note'],
    // The answers template's reading aids (answers-template.ts): accepted, never read.
    insurerName: ['保険者名'],
    indicatorLabel: ['指標'],
    allowedValues: ['選択できる値'],
  },
  required: ['code', 'indicatorId', 'answer'],
  maxRows: 250_000,
};

function answersOf(table: UploadTable, framework: Framework, scope: AnswersScope): AnswersCsv {
  const indicators = selfAssessedIndicators(framework);
  const issues: CsvIssue[] = [];
  const seen = new Map<string, number>();
  const answersByInsurer = new Map<string, Record<string, IndicatorAnswer>>();
  const linesByInsurer = new Map<string, number[]>();
  for (const { line, cells } of table.rows) {
    const issue = (column: string, code: string, message: string) => issues.push({ line, column, code, message });
    const code = normaliseCode(cells.code ?? '');
    const indicatorId = (cells.indicatorId ?? '').normalize('NFKC');
    if (!scope.registered.has(code)) {
      issue('保険者番号', 'CSV.UNKNOWN_INSURER', `保険者 ${code} は登録されていません。 Insurer ${code} is not registered.`);
      continue;
    }
    if (scope.prefectureCode !== undefined && code.slice(0, 2) !== scope.prefectureCode) {
      issue('保険者番号', 'CSV.OUT_OF_SCOPE', `保険者 ${code} は都道府県 ${scope.prefectureCode} の保険者ではありません。 Not an insurer of prefecture ${scope.prefectureCode}.`);
      continue;
    }
    const indicator = indicators.get(indicatorId);
    if (!indicator) {
      issue('指標ID', 'CSV.UNKNOWN_INDICATOR', `指標 ${indicatorId} は自己評価の指標ではありません。 Unknown self-assessed indicator.`);
      continue;
    }
    const key = `${code}/${indicatorId}`;
    if (seen.has(key)) {
      issue('指標ID', 'CSV.DUPLICATE_ANSWER', `${code} の ${indicatorId} は ${seen.get(key)} 行目にもあります。 Duplicate of line ${seen.get(key)}.`);
      continue;
    }
    seen.set(key, line);
    const answer = toAnswer(indicator, (cells.answer ?? '').normalize('NFKC').trim());
    if (!answer) {
      issue('回答', 'CSV.INVALID_ANSWER', `「${cells.answer ?? ''}」は指標 ${indicatorId} の回答として不正です。 Not a valid answer for ${indicatorId}.`);
      continue;
    }
    const answers = answersByInsurer.get(code) ?? {};
    answers[indicatorId] = answer;
    answersByInsurer.set(code, answers);
    linesByInsurer.set(code, [...(linesByInsurer.get(code) ?? []), line]);
  }
  if (issues.length > 0) throw new CsvRejected(issues);
  return { answersByInsurer, linesByInsurer, rows: table.rows.length, sha256: table.sha256, encoding: table.encoding };
}

function toAnswer(indicator: SelfAssessedIndicator, text: string): IndicatorAnswer | undefined {
  let answer: IndicatorAnswer | undefined;
  if (indicator.answerType === 'yes_no') {
    const lower = text.toLowerCase();
    answer = YES.has(lower) ? { answerType: 'yes_no', yes: true } : NO.has(lower) ? { answerType: 'yes_no', yes: false } : undefined;
  } else {
    const optionIds = text === '' ? [] : text.split(/[|、,]/).map((id) => id.trim());
    answer = { answerType: 'choice', optionIds };
  }
  if (!answer) return undefined;
  try {
    answerPoints(indicator, answer);
    return answer;
  } catch {
    return undefined;
  }
}
