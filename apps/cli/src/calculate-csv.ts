import { CsvIssue, CsvRejected, parseCount, readCsv } from '@grants/domain';
import { CODE, Level, PerGrant, readBytes, Recipient, shapeProblem } from './calculate-recipient';
import { CliUsageError } from './cli-errors';
import { issuesText } from './score-inputs';

/** The recipients CSV: one row per recipient, Japanese headers (English accepted), empty cell = not given. */
export const RECIPIENT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  level: ['区分', 'level'],
  code: ['コード', '団体コード', '保険者番号', 'code'],
  name: ['名称', '団体名', '保険者名', 'name'],
  scoreSuishin: ['得点(推進)', 'score suishin'],
  scoreShien: ['得点(支援)', 'score shien'],
  insured: ['第1号被保険者数', 'category1InsuredPersons'],
  weightSuishin: ['ウェイト(推進)', 'weight suishin'],
  weightShien: ['ウェイト(支援)', 'weight shien'],
  requestSuishin: ['所要見込額(推進)', 'requested suishin'],
  requestShien: ['所要見込額(支援)', 'requested shien'],
  previousSuishin: ['前年度額(推進)', 'previous suishin'],
  previousShien: ['前年度額(支援)', 'previous shien'],
};
const LEVELS: Readonly<Record<string, Level>> = { 市町村: 'municipal', 都道府県: 'prefectural', municipal: 'municipal', prefectural: 'prefectural' };

/** The line of each recipient read from a CSV, for errors found after reading. */
const csvLines = new WeakMap<Recipient, number>();
export const csvLineOf = (recipient: Recipient): number => csvLines.get(recipient) ?? 0;

export function csvFail(file: string, line: number, column: string, ja: string, en: string): never {
  throw new CliUsageError(issuesText(file, [{ line, column, code: 'CALCULATE.INVALID', message: `${ja} / ${en}` }]));
}

export function csvRecipients(file: string, cwd: string): Recipient[] {
  let table: ReturnType<typeof readCsv>;
  try {
    table = readCsv(readBytes(file, cwd), { columns: RECIPIENT_COLUMNS, required: ['level', 'code'] });
  } catch (error) {
    if (error instanceof CsvRejected) throw new CliUsageError(issuesText(file, error.issues));
    throw error;
  }
  const issues: CsvIssue[] = [];
  const recipients: Recipient[] = [];
  for (const { line, cells } of table.rows) {
    const issue = (key: string, ja: string, en: string) => void issues.push({ line, column: RECIPIENT_COLUMNS[key][0], code: 'CALCULATE.INVALID', message: `${ja} / ${en}` });
    const level = LEVELS[cells.level ?? ''];
    if (level === undefined) {
      issue('level', '区分は 市町村 か 都道府県 です', 'the level is 市町村 or 都道府県');
      continue;
    }
    const code = (cells.code ?? '').normalize('NFKC');
    if (!CODE[level].test(code)) issue('code', level === 'municipal' ? 'コードは 6 桁の数字です' : 'コードは 2 桁の都道府県コードです', 'the code is 6 digits (municipal) or 2 (prefectural)');
    const count = (key: string, max: number, what: string): number | undefined => {
      const text = cells[key] ?? '';
      if (text === '') return undefined;
      const n = parseCount(text);
      if (n === undefined || n > max) issue(key, `${what}は 0 以上の整数です`, `${what}: a whole number ≥ 0`);
      return n;
    };
    const pair = (suishin: string, shien: string, what: string, max = Number.MAX_SAFE_INTEGER): PerGrant<number> | undefined => {
      const values = { suishin: count(suishin, max, what), shien: count(shien, max, what) };
      if (values.suishin === undefined && values.shien === undefined) return undefined;
      if (values.suishin === undefined || values.shien === undefined) {
        issue(values.suishin === undefined ? suishin : shien, `${what}は推進・支援の両方を書くか、両方空にします`, `${what}: both grants or neither`);
        return undefined;
      }
      return { suishin: values.suishin, shien: values.shien };
    };
    const toYen = (p: PerGrant<number> | undefined) => p && { suishin: BigInt(p.suishin), shien: BigInt(p.shien) };
    const recipient: Recipient = {
      level,
      code,
      ...(cells.name && { name: cells.name }),
      scores: pair('scoreSuishin', 'scoreShien', '得点'),
      weights: pair('weightSuishin', 'weightShien', 'ウェイト'),
      category1InsuredPersons: count('insured', Number.MAX_SAFE_INTEGER, '第1号被保険者数'),
      requestedYen: toYen(pair('requestSuishin', 'requestShien', '所要見込額')),
      previousAmountYen: toYen(pair('previousSuishin', 'previousShien', '前年度額')),
    };
    const problem = shapeProblem(recipient);
    if (problem) {
      const column = { weights: 'weightSuishin', scores: 'scoreSuishin', category1InsuredPersons: 'insured' }[problem.field] ?? 'code';
      issue(column, problem.ja, problem.en);
    }
    csvLines.set(recipient, line);
    recipients.push(recipient);
  }
  if (issues.length > 0) throw new CliUsageError(issuesText(file, issues));
  return recipients;
}
