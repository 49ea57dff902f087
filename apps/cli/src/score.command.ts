import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { csvBytes, csvText } from '@grants/domain';
import { CliUsageError, EXIT_OK } from './cli-errors';
import { parseOptions, str } from './cli-options';
import { readScoreInputs } from './score-inputs';
import { scoreCsvRecords, scoreFromFiles, scoreJson } from './score-table';

export interface ScoreIo {
  readonly out: (line: string) => void;
  /** The folder relative paths are read from (the process's working directory). */
  readonly cwd?: string;
}

export const SCORE_USAGE = `  npm run cli -- score --framework <file.json|municipal-FY2024> --register <register.csv> --answers <answers.csv>
                      --figures <figures.csv|xlsx> [--prefectural-framework <file.json|prefectural-FY2026>]
                      [--prefecture-answers <answers.csv>] [--format json|csv] [--out <file>]`;

export const SCORE_HELP = `  score   データベースを使わずに、ファイルから全国の採点をやり直し、得点表を出力します（サービスと同じ採点コード）。
          Recomputes the national scoring from files, without the database, with the same pure code the service runs
          (scoreNation, as scoreFiscalYear calls it), and prints each recipient's total, grants and groups (max, score,
          rate) with its national and in-prefecture rank.
          --framework              a v2 (or v1) framework file, or a shipped id: municipal-FY2024, municipal-FY2025, …
          --register               保険者番号, 保険者名, 第1号被保険者数, [区分 広域連合], [広域連合コード] (as the register import)
          --answers                保険者番号, 指標ID, 回答 (as the answers import; every prefecture in one file)
          --figures                国の数値: long (保険者番号, 指標ID, 数値) or wide (one column per 指標ID), CSV or XLSX;
                                   2-digit codes are prefectures' figures
          --prefectural-framework  also score the 47 prefectures (derived items read the municipal result)
          --prefecture-answers     the prefectures' answers (保険者番号 = 都道府県コード)
          --format                 json (default) or csv (UTF-8, Japanese headers; with a BOM when written to --out)
          --out                    write to this file instead of standard output
          example: npm run cli -- score --framework municipal-FY2024 --register examples/score/register.csv \\
                     --answers examples/score/answers.csv --figures examples/score/figures.csv --format csv`;

/**
 * `score`: the national scoring of a year recomputed from documented files (no database, no service), so that
 * anyone holding the published inputs can check a published table. Exit codes: 0 done, 2 bad usage or a bad input
 * file (naming the file, line and column), 1 anything else.
 */
export async function scoreCommand(args: readonly string[], io: ScoreIo): Promise<number> {
  const o = parseOptions(args, {
    framework: { type: 'string' },
    register: { type: 'string' },
    answers: { type: 'string' },
    figures: { type: 'string' },
    'prefectural-framework': { type: 'string' },
    'prefecture-answers': { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  });
  const required = (name: string): string => {
    const value = str(o[name]);
    if (value === undefined) throw new CliUsageError(`--${name} is required`);
    return value;
  };
  const files = {
    framework: required('framework'),
    register: required('register'),
    answers: required('answers'),
    figures: required('figures'),
    prefecturalFramework: str(o['prefectural-framework']),
    prefectureAnswers: str(o['prefecture-answers']),
  };
  const format = str(o.format) ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new CliUsageError(`--format must be json or csv, not "${format}"`);
  const cwd = io.cwd ?? process.cwd();
  const result = scoreFromFiles(await readScoreInputs(files, cwd));
  const out = str(o.out);
  if (format === 'csv') {
    const records = scoreCsvRecords(result);
    if (out === undefined) io.out(csvText(records, { lineBreak: 'lf' }).replace(/\n$/, ''));
    else writeFileSync(resolve(cwd, out), csvBytes(records, { bom: true }));
  } else {
    const text = JSON.stringify(scoreJson(result), null, 2);
    if (out === undefined) io.out(text);
    else writeFileSync(resolve(cwd, out), `${text}\n`);
  }
  if (out !== undefined) io.out(`書き出しました / wrote ${out}: ${result.municipal.insurerCount} insurers scored${result.prefectural ? ', 47 prefectures' : ''}`);
  return EXIT_OK;
}
