import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  CsvIssue,
  CsvRejected,
  DomainError,
  Framework,
  FrameworkLevel,
  IndicatorAnswer,
  initialRegisterState,
  InvalidFramework,
  NationalFigure,
  numericIndicators,
  parseAnswersCsv,
  parseFramework,
  parseNationalFiguresFile,
  parseRegisterCsv,
  PREFECTURES,
  RegisteredInsurer,
  registerInsurers,
} from '@grants/domain';
import { CliUsageError } from './cli-errors';
import { jsonErrorOffset, lineAndColumn } from './json-position';

/**
 * The files `score` reads, in the formats the service's imports read (the same parsers): a framework (JSON, or the id
 * of a shipped v2 file such as `municipal-FY2024`), the register CSV, the answers CSV (every prefecture's insurers in
 * one file), the national figures (CSV or XLSX), and optionally the prefectural framework and the prefectures' answers.
 * Every problem is a usage error naming the file and, in a CSV, the line and column.
 */

/** The folder of the shipped v2 frameworks (libs/domain/src/framework/frameworks). */
export const SHIPPED_FRAMEWORKS = resolve(__dirname, '../../../libs/domain/src/framework/frameworks');
const SHIPPED_ID = /^(municipal|prefectural)-FY\d{4}$/;

export interface ScoreFiles {
  readonly framework: string;
  readonly register: string;
  readonly answers: string;
  readonly figures: string;
  readonly prefecturalFramework?: string;
  readonly prefectureAnswers?: string;
}

export type Answers = ReadonlyMap<string, Readonly<Record<string, IndicatorAnswer>>>;

export interface ScoreInputs {
  readonly municipalFramework: Framework;
  readonly prefecturalFramework?: Framework;
  /** Every row of the register, 広域連合 rows included, in file order. */
  readonly register: readonly RegisteredInsurer[];
  readonly answers: Answers;
  readonly prefectureAnswers: Answers;
  /** Figures by indicator id, for insurers (6-digit codes) and for prefectures (2-digit codes) apart. */
  readonly municipalFigures: ReadonlyMap<string, readonly NationalFigure[]>;
  readonly prefecturalFigures: ReadonlyMap<string, readonly NationalFigure[]>;
}

export async function readScoreInputs(files: ScoreFiles, cwd: string): Promise<ScoreInputs> {
  const municipalFramework = loadFramework(files.framework, 'municipal', '--framework', cwd);
  const prefecturalFramework =
    files.prefecturalFramework === undefined ? undefined : loadFramework(files.prefecturalFramework, 'prefectural', '--prefectural-framework', cwd);
  if (prefecturalFramework && prefecturalFramework.fiscalYear !== municipalFramework.fiscalYear) {
    throw new CliUsageError(`--prefectural-framework ${files.prefecturalFramework} is for ${prefecturalFramework.fiscalYear}, --framework ${files.framework} for ${municipalFramework.fiscalYear}: 年度が一致しません / the years differ`);
  }
  const register = readRegister(files.register, cwd);
  const registered = new Set(register.map((insurer) => insurer.code));
  const answers = csvOf(files.answers, () => parseAnswersCsv(readBytes(files.answers, cwd), municipalFramework, { registered }).answersByInsurer);
  let prefectureAnswers: Answers = new Map();
  if (files.prefectureAnswers !== undefined) {
    if (!prefecturalFramework) throw new CliUsageError('--prefecture-answers needs --prefectural-framework');
    const prefectures = new Set(PREFECTURES.map((p) => p.code));
    prefectureAnswers = csvOf(files.prefectureAnswers, () => parseAnswersCsv(readBytes(files.prefectureAnswers!, cwd), prefecturalFramework, { registered: prefectures }).answersByInsurer);
  }
  // Each numeric indicator with the codes it is measured for; an id both levels use (goal IV) takes both.
  const scope = new Map<string, Set<string>>();
  const add = (framework: Framework | undefined, codes: Iterable<string>) => {
    for (const indicator of framework ? numericIndicators(framework) : []) scope.set(indicator.id, new Set([...(scope.get(indicator.id) ?? []), ...codes]));
  };
  add(municipalFramework, registered);
  add(prefecturalFramework, PREFECTURES.map((p) => p.code));
  const file = await parseNationalFiguresFile(readBytes(files.figures, cwd), { indicators: scope }).catch((error: unknown) => {
    throw refused(files.figures, error);
  });
  const municipalFigures = new Map<string, NationalFigure[]>();
  const prefecturalFigures = new Map<string, NationalFigure[]>();
  for (const [id, figures] of file.figuresByIndicator) {
    municipalFigures.set(id, figures.filter((figure) => figure.code.length === 6));
    prefecturalFigures.set(id, figures.filter((figure) => figure.code.length === 2));
  }
  return { municipalFramework, prefecturalFramework, register, answers, prefectureAnswers, municipalFigures, prefecturalFigures };
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

/** A framework file, or the id of a shipped one (`municipal-FY2024` = frameworks/municipal-FY2024.json). */
export function loadFramework(path: string, level: FrameworkLevel, option: string, cwd: string): Framework {
  const shipped = SHIPPED_ID.test(path) && !existsSync(resolve(cwd, path));
  const file = shipped ? join(SHIPPED_FRAMEWORKS, `${path}.json`) : path;
  if (shipped && !existsSync(file)) throw new CliUsageError(`${option} ${path}: 同梱の指標体系にありません / no shipped framework of that id`);
  const text = readBytes(file, cwd).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const at = offset < 0 ? '' : `:${lineAndColumn(text, offset).line}:${lineAndColumn(text, offset).column}`;
    throw new CliUsageError(`${path}${at}: JSON として読めません / not JSON: ${(error as Error).message}`);
  }
  let framework: Framework;
  try {
    framework = parseFramework(json);
  } catch (error) {
    if (!(error instanceof InvalidFramework)) throw error;
    throw new CliUsageError(`${path}: ${error.issues.slice(0, 10).map((issue) => `${issue.path}: ${issue.messageJa} / ${issue.messageEn}`).join('\n  ')}`);
  }
  if (framework.level !== level) throw new CliUsageError(`${option} ${path}: ${level} の指標体系ではありません / not a ${level} framework (level "${framework.level}")`);
  return framework;
}

/** A CSV (or XLSX) parser's refusal as a usage error: every issue as `file:line 列「column」 message`. */
function refused(path: string, error: unknown): unknown {
  return error instanceof CsvRejected ? new CliUsageError(issuesText(path, error.issues)) : error;
}

function csvOf<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw refused(path, error);
  }
}

export function issuesText(path: string, issues: readonly CsvIssue[]): string {
  const shown = issues.slice(0, 20).map((i) => `${basename(path)}:${i.line} 列「${i.column}」 ${i.code}: ${i.message}`);
  const more = issues.length > shown.length ? [`… ほか ${issues.length - shown.length} 件 / and ${issues.length - shown.length} more`] : [];
  return [`${path}: ${issues.length} 件の誤り / ${issues.length} problem(s)`, ...shown, ...more].join('\n  ');
}

/** The register file, checked as the service registers it (a member's 広域連合コード must be a union of the file). */
function readRegister(path: string, cwd: string): RegisteredInsurer[] {
  const csv = csvOf(path, () => parseRegisterCsv(readBytes(path, cwd)));
  try {
    registerInsurers({ fiscalYear: 'FY2000', insurers: csv.insurers, source: { kind: 'csv' } }, initialRegisterState, 'open', new Date(0));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const at = /^insurers\[(\d+)\]\.(\w+)$/.exec(error.field ?? '');
    const column = { code: '保険者番号', name: '保険者名', prefectureCode: '都道府県コード', category1InsuredPersons: '第1号被保険者数', isUnion: '区分', unionCode: '広域連合コード' }[at?.[2] ?? ''] ?? '';
    const line = at ? csv.lines[Number(at[1])] : 0;
    throw new CliUsageError(issuesText(path, [{ line, column, code: error.code, message: error.message }]));
  }
  return csv.insurers;
}
