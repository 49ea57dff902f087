import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvBytes, csvText, InvalidAllocationInput } from '@grants/domain';
import { readCalculateInput } from './calculate-input';
import { calculateCsvRecords, calculateFromInput, calculateJson, CalculateResult } from './calculate-output';
import { CliUsageError, EXIT_OK } from './cli-errors';
import { parseOptions, str } from './cli-options';

export interface CalculateIo {
  readonly out: (line: string) => void;
  /** The folder relative paths are read from (the process's working directory). */
  readonly cwd?: string;
}

export const CALCULATE_USAGE = `  npm run cli -- calculate --input <file.json> [--recipients <file.csv>] [--format json|csv] [--out <file>]`;

export const CALCULATE_HELP = `  calculate  データベースを使わずに、ファイルから交付額を算定します（サービスと同じ算定コード calculatePools）。
          Divides the four pools from files, without the database, with the same pure code the service runs
          (calculatePools: 案 by the rule's components, 確定 and 追加交付 against the 所要見込額, the rule's rounding),
          and prints per pool and recipient 案 / 確定 / 追加交付 and the components, per pool Σ案, 追加交付,
          unallocated and the rounding remainder.
          --input       JSON: fiscalYear, ruleVersion, unitYen, pools (yen as strings), municipal / prefectural recipients
                        (weights, or scores + category1InsuredPersons; requestedYen, previousAmountYen per grant)
          --recipients  the recipients as CSV instead: 区分, コード, 名称, 得点（推進）, 得点（支援）, 第1号被保険者数,
                        ウェイト（推進）, ウェイト（支援）, 所要見込額（推進）, 所要見込額（支援）, 前年度額（推進）, 前年度額（支援）
          --format      json (default) or csv (UTF-8, Japanese headers, 円 and 千円; with a BOM when written to --out)
          --out         write to this file instead of standard output
          example: npm run cli -- calculate --input examples/calculate/input.json --format csv`;

/**
 * `calculate`: a year's grant amounts recomputed from a documented input (no database, no service). Exit codes: 0
 * done, 2 bad usage or a bad input file (naming the file, field, line and column), 1 anything else.
 */
export function calculateCommand(args: readonly string[], io: CalculateIo): number {
  const o = parseOptions(args, { input: { type: 'string' }, recipients: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
  const input = str(o.input);
  if (input === undefined) throw new CliUsageError('--input is required');
  const format = str(o.format) ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new CliUsageError(`--format must be json or csv, not "${format}"`);
  const cwd = io.cwd ?? process.cwd();
  const result = calculate(input, str(o.recipients), cwd);
  const out = str(o.out);
  if (format === 'csv') {
    const records = calculateCsvRecords(result);
    if (out === undefined) io.out(csvText(records, { lineBreak: 'lf' }).replace(/\n$/, ''));
    else writeFileSync(resolve(cwd, out), csvBytes(records, { bom: true }));
  } else {
    const text = JSON.stringify(calculateJson(result), null, 2);
    if (out === undefined) io.out(text);
    else writeFileSync(resolve(cwd, out), `${text}\n`);
  }
  if (out !== undefined) io.out(`書き出しました / wrote ${out}: ${result.pools.length} pools, ${result.input.inputs.insurers.length + result.input.inputs.prefectures.length} recipients`);
  return EXIT_OK;
}

function calculate(input: string, recipients: string | undefined, cwd: string): CalculateResult {
  const read = readCalculateInput(input, recipients, cwd);
  try {
    return calculateFromInput(read);
  } catch (error) {
    // What the engine refuses of its inputs (e.g. a rule whose components do not fit) is the input file's problem.
    if (error instanceof InvalidAllocationInput) throw new CliUsageError(`${input}: ${error.message}`);
    throw error;
  }
}
