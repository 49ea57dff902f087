import { CalculationInputs, GRANT_IDS, isFiscalYearLabel, POOL_KEYS } from '@grants/domain';
import { csvFail, csvLineOf, csvRecipients } from './calculate-csv';
import { CODE, Level, PerGrant, readBytes, Recipient, shapeProblem } from './calculate-recipient';
import { CliUsageError } from './cli-errors';
import { jsonErrorOffset, lineAndColumn } from './json-position';

/**
 * The files `calculate` reads (examples/calculate/README.md documents them): a JSON input with the year, the rule
 * version, the unit, the four pools in yen (decimal strings) and the recipients per level, or the recipients from a
 * CSV with Japanese headers instead. Each recipient has per grant either a weight or a score (municipal: with its
 * 第1号被保険者数), and optionally its 所要見込額 and previous amount per grant (both grants or neither). Every problem
 * is a usage error naming the file and its line and column.
 */

export interface CalculateInput {
  readonly inputs: CalculationInputs;
  /** Names given in the input, by `level/code`. */
  readonly names: ReadonlyMap<string, string>;
}

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
    return recipientsCsv === undefined ? fail(`${recipient.level}[${k}].code`, ja, en) : csvFail(recipientsCsv, csvLineOf(recipient), 'コード', ja, en);
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
