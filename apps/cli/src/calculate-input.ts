import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CalculationInputs, CsvIssue, CsvRejected, GRANT_IDS, GrantId, isFiscalYearLabel, parseCount, POOL_KEYS, readCsv } from '@grants/domain';
import { CliUsageError } from './cli-errors';
import { jsonErrorOffset, lineAndColumn } from './json-position';
import { issuesText } from './score-inputs';

/**
 * The files `calculate` reads (examples/calculate/README.md documents them): a JSON input with the year, the rule
 * version, the unit, the four pools in yen (decimal strings) and the recipients per level, or the recipients from a
 * CSV with Japanese headers instead. Each recipient has per grant either a weight or a score (municipal: with its
 * 第1号被保険者数), and optionally its 所要見込額 and previous amount per grant (both grants or neither). Every problem
 * is a usage error naming the file and its line and column.
 */

export type Level = 'municipal' | 'prefectural';
type PerGrant<T> = Readonly<Record<GrantId, T>>;

interface Recipient {
  readonly level: Level;
  readonly code: string;
  readonly name?: string;
  readonly scores?: PerGrant<number>;
  readonly category1InsuredPersons?: number;
  readonly weights?: PerGrant<number>;
  readonly requestedYen?: PerGrant<bigint>;
  readonly previousAmountYen?: PerGrant<bigint>;
}

export interface CalculateInput {
  readonly inputs: CalculationInputs;
  /** Names given in the input, by `level/code`. */
  readonly names: ReadonlyMap<string, string>;
}

const CODE: Readonly<Record<Level, RegExp>> = { municipal: /^\d{6}$/, prefectural: /^\d{2}$/ };
const YEN = /^\d{1,18}$/;
const RECIPIENT_KEYS = ['code', 'name', 'scores', 'category1InsuredPersons', 'weights', 'requestedYen', 'previousAmountYen'];
const TOP_KEYS = ['fiscalYear', 'ruleVersion', 'unitYen', 'pools', 'municipal', 'prefectural'];

export function readCalculateInput(file: string, recipientsCsv: string | undefined, cwd: string): CalculateInput {
  const text = readBytes(file, cwd).toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const at = offset < 0 ? '' : `:${lineAndColumn(text, offset).line}:${lineAndColumn(text, offset).column}`;
    throw new CliUsageError(`${file}${at}: JSON として読めません / not JSON: ${(error as Error).message}`);
  }
  const positions = jsonValuePositions(text);
  const fail = (path: string, ja: string, en: string): never => {
    let at = path;
    while (at !== '' && !positions.has(at)) at = at.replace(/(\.[^.[\]]*|\[\d+\])$/, '');
    const { line, column } = lineAndColumn(text, positions.get(at) ?? 0);
    throw new CliUsageError(`${file}:${line}:${column}: ${path || '(top level)'}: ${ja} / ${en}`);
  };
  const top = object(json, '', fail);
  unknownKeys(top, '', TOP_KEYS, fail);
  const { fiscalYear, ruleVersion } = top;
  if (!isFiscalYearLabel(fiscalYear)) return fail('fiscalYear', '年度は FY2024 の形で書きます', 'the fiscal year is a label such as FY2024');
  if (typeof ruleVersion !== 'string' || ruleVersion === '') return fail('ruleVersion', '配分ルールの版（例 mhlw-fy2024-v1）が必要です', 'a rule version (e.g. mhlw-fy2024-v1) is required');
  const unitYen = top.unitYen === undefined ? 1000n : yen(top.unitYen, 'unitYen', fail);
  if (unitYen === 0n) fail('unitYen', '端数処理単位は 1 円以上です', 'the unit is at least 1 yen');
  const poolsJson = object(top.pools, 'pools', fail);
  unknownKeys(poolsJson, 'pools', POOL_KEYS, fail);
  const pool = (key: (typeof POOL_KEYS)[number]) => yen(poolsJson[key], `pools.${key}`, fail).toString();
  const pools = { suishinMunicipalYen: pool('suishinMunicipalYen'), suishinPrefecturalYen: pool('suishinPrefecturalYen'), shienMunicipalYen: pool('shienMunicipalYen'), shienPrefecturalYen: pool('shienPrefecturalYen') };
  let recipients: Recipient[] = [];
  for (const level of ['municipal', 'prefectural'] as const) {
    if (top[level] === undefined) continue;
    if (!Array.isArray(top[level])) fail(level, '団体の配列です', 'an array of recipients');
    (top[level] as unknown[]).forEach((item, k) => recipients.push(jsonRecipient(level, item, `${level}[${k}]`, fail)));
  }
  if (recipientsCsv !== undefined) {
    if (recipients.length > 0) fail('municipal', '--recipients を使うときは JSON に団体を書きません', 'with --recipients, the JSON lists no recipients');
    recipients = csvRecipients(recipientsCsv, cwd);
  }
  return build(fiscalYear, ruleVersion, unitYen, pools, recipients, (recipient, ja, en) => {
    const k = recipients.filter((r) => r.level === recipient.level).indexOf(recipient);
    return recipientsCsv === undefined ? fail(`${recipient.level}[${k}].code`, ja, en) : csvFail(recipientsCsv, csvLines.get(recipient) ?? 0, 'コード', ja, en);
  });
}

type Fail = (path: string, ja: string, en: string) => never;

function build(fiscalYear: string, ruleVersion: string, unitYen: bigint, pools: CalculationInputs['pools'], recipients: readonly Recipient[], fail: (r: Recipient, ja: string, en: string) => never): CalculateInput {
  const seen = new Set<string>();
  const names = new Map<string, string>();
  for (const r of recipients) {
    const key = `${r.level}/${r.code}`;
    if (seen.has(key)) fail(r, `コード ${r.code} が重複しています`, `code ${r.code} appears twice`);
    seen.add(key);
    if (r.name !== undefined) names.set(key, r.name);
  }
  // A weight given directly is the score with 第1号被保険者数 1: calculatePools then weighs it as given.
  const scores = (r: Recipient): PerGrant<number> => r.weights ?? r.scores ?? { suishin: 0, shien: 0 };
  const money = (r: Recipient) => ({ ...(r.requestedYen && { requestedYen: r.requestedYen }), ...(r.previousAmountYen && { previousAmountYen: r.previousAmountYen }) });
  const inputs: CalculationInputs = {
    fiscalYear,
    ruleVersion,
    unitYen,
    pools,
    insurers: recipients
      .filter((r) => r.level === 'municipal')
      .map((r) => ({ code: r.code, category1InsuredPersons: r.weights ? 1 : (r.category1InsuredPersons ?? 0), grantScores: scores(r), ...money(r) })),
    prefectures: recipients.filter((r) => r.level === 'prefectural').map((r) => ({ code: r.code, grantScores: scores(r), ...money(r) })),
  };
  return { inputs, names };
}

function jsonRecipient(level: Level, value: unknown, path: string, fail: Fail): Recipient {
  const item = object(value, path, fail);
  unknownKeys(item, path, RECIPIENT_KEYS, fail);
  if (typeof item.code !== 'string' || !CODE[level].test(item.code)) {
    fail(`${path}.code`, level === 'municipal' ? 'コードは 6 桁の数字です' : 'コードは 2 桁の都道府県コードです', level === 'municipal' ? 'the code is 6 digits' : 'the code is a 2-digit prefecture code');
  }
  if (item.name !== undefined && typeof item.name !== 'string') fail(`${path}.name`, '名称は文字列です', 'the name is a string');
  const pair = <T>(key: string, parse: (v: unknown, p: string) => T): PerGrant<T> | undefined => {
    if (item[key] === undefined) return undefined;
    const o = object(item[key], `${path}.${key}`, fail);
    unknownKeys(o, `${path}.${key}`, GRANT_IDS, fail);
    return { suishin: parse(o.suishin, `${path}.${key}.suishin`), shien: parse(o.shien, `${path}.${key}.shien`) };
  };
  const recipient: Recipient = {
    level,
    code: item.code as string,
    ...(typeof item.name === 'string' && { name: item.name }),
    scores: pair('scores', (v, p) => whole(v, p, fail)),
    weights: pair('weights', (v, p) => weight(v, p, fail)),
    category1InsuredPersons: item.category1InsuredPersons === undefined ? undefined : whole(item.category1InsuredPersons, `${path}.category1InsuredPersons`, fail),
    requestedYen: pair('requestedYen', (v, p) => yen(v, p, fail)),
    previousAmountYen: pair('previousAmountYen', (v, p) => yen(v, p, fail)),
  };
  const problem = shapeProblem(recipient);
  if (problem) fail(`${path}.${problem.field}`, problem.ja, problem.en);
  return recipient;
}

/** Weights or scores, never both; 第1号被保険者数 with a municipal score only. */
function shapeProblem(r: Recipient): { field: string; ja: string; en: string } | undefined {
  if (r.scores && r.weights) return { field: 'weights', ja: 'weights と scores のどちらか一方を書きます', en: 'give weights or scores, not both' };
  if (!r.scores && !r.weights) return { field: 'scores', ja: 'weights か scores が必要です', en: 'weights or scores are required' };
  if (r.level === 'prefectural' && r.category1InsuredPersons !== undefined) {
    return { field: 'category1InsuredPersons', ja: '都道府県のウェイトは得点のみです（第1号被保険者数は書きません）', en: "a prefecture's weight is its score alone" };
  }
  if (r.level === 'municipal' && r.scores && r.category1InsuredPersons === undefined) {
    return { field: 'category1InsuredPersons', ja: '得点には第1号被保険者数が必要です', en: 'a score needs category1InsuredPersons' };
  }
  if (r.weights && r.category1InsuredPersons !== undefined) {
    return { field: 'category1InsuredPersons', ja: 'ウェイトを直接書くときは第1号被保険者数を書きません', en: 'with weights given, category1InsuredPersons is not used' };
  }
  return undefined;
}

function object(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail(path, 'オブジェクトが必要です', 'an object is required');
  return value as Record<string, unknown>;
}

function unknownKeys(value: Record<string, unknown>, path: string, known: readonly string[], fail: Fail): void {
  const key = Object.keys(value).find((k) => !known.includes(k));
  if (key !== undefined) fail(path === '' ? key : `${path}.${key}`, `不明な項目です（使える項目: ${known.join(', ')}）`, `unknown field (known: ${known.join(', ')})`);
}

function yen(value: unknown, path: string, fail: Fail): bigint {
  if (typeof value !== 'string' || !YEN.test(value)) return fail(path, '金額は円単位の整数を文字列で書きます（例 "1000000"）', 'an amount is whole yen as a decimal string (e.g. "1000000")');
  return BigInt(value);
}

function whole(value: unknown, path: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return fail(path, '0 以上の整数です', 'a whole number ≥ 0');
  return value;
}

function weight(value: unknown, path: string, fail: Fail): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) return fail(path, 'ウェイトは 0 以上の整数（15 桁まで）です', 'a weight is a whole number ≥ 0 (up to 15 digits)');
  return Number(text);
}

/** Where each value of a valid JSON text starts, by its path (`municipal[2].scores.suishin`; the top level ''). */
export function jsonValuePositions(text: string): Map<string, number> {
  const at = new Map<string, number>();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i += 1;
  };
  const string = (): string => {
    const start = i;
    i += 1;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    at.set(path, i);
    if (text[i] === '{' || text[i] === '[') {
      const close = text[i] === '{' ? '}' : ']';
      i += 1;
      ws();
      if (text[i] === close) return void (i += 1);
      for (let k = 0; ; k += 1) {
        if (close === '}') {
          ws();
          const key = string();
          ws();
          i += 1;
          value(path === '' ? key : `${path}.${key}`);
        } else {
          value(`${path}[${k}]`);
        }
        ws();
        i += 1;
        if (text[i - 1] === close) return;
      }
    }
    if (text[i] === '"') return void string();
    while (i < text.length && !',]} \t\n\r'.includes(text[i])) i += 1;
  };
  value('');
  return at;
}

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

function csvFail(file: string, line: number, column: string, ja: string, en: string): never {
  throw new CliUsageError(issuesText(file, [{ line, column, code: 'CALCULATE.INVALID', message: `${ja} / ${en}` }]));
}

function csvRecipients(file: string, cwd: string): Recipient[] {
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

function readBytes(path: string, cwd: string): Buffer {
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new CliUsageError(`${path}: ファイルがありません / no such file`);
  try {
    return readFileSync(full);
  } catch (error) {
    throw new CliUsageError(`${path}: 読めません / cannot read (${(error as Error).message})`);
  }
}
