import { CsvIssue, CsvRejected, parseCount, readCsv, ReadCsvOptions } from '../csv/csv-file';
import { looksLikeFormula } from '../csv/csv-writer';
import { FORBIDDEN_CHARACTERS, findForbiddenCharacter, forbiddenCharacterMessage } from '../text/safe-text';
import { isValidLocalGovernmentCode } from '../recipients/local-government-code';
import { RegisteredInsurer } from './register';

const COLUMNS: ReadCsvOptions['columns'] = {
  code: ['保険者番号', '地方公共団体コード', 'code'],
  name: ['保険者名', 'name'],
  prefectureCode: ['都道府県コード', 'prefectureCode'],
  category1InsuredPersons: ['第1号被保険者数', 'category1InsuredPersons'],
  kind: ['区分', 'kind'],
  unionCode: ['広域連合コード', 'unionCode'],
};

/** 区分 of a 広域連合's own row (the union that is the insurer of its members); empty on every other row. */
const UNION_KINDS = new Set(['広域連合', 'union']);

export interface RegisterCsv {
  readonly insurers: RegisteredInsurer[];
  /** The file's line of each insurer (header = line 1), in the same order. */
  readonly lines: readonly number[];
  readonly sha256: string;
  readonly encoding: string;
}

/**
 * Parses a register upload (保険者番号, 保険者名, [都道府県コード], 第1号被保険者数, [区分], [広域連合コード]); every bad
 * cell is reported. 区分 「広域連合」 marks a union's own row; a member municipality names its union in 広域連合コード
 * (whether that code is a union is the register's rule, checked when the insurers are registered).
 */
export function parseRegisterCsv(bytes: Buffer, encoding: 'utf-8' | 'shift_jis' | 'auto' = 'auto'): RegisterCsv {
  const table = readCsv(bytes, { encoding, columns: COLUMNS, required: ['code', 'name', 'category1InsuredPersons'], maxRows: 5000 });
  const issues: CsvIssue[] = [];
  const firstLine = new Map<string, number>();
  const insurers: RegisteredInsurer[] = [];
  const lines: number[] = [];
  for (const { line, cells } of table.rows) {
    const code = (cells.code ?? '').normalize('NFKC');
    const sent = cells.name ?? '';
    const forbidden = findForbiddenCharacter(sent);
    const name = sent.normalize('NFC');
    const persons = parseCount(cells.category1InsuredPersons ?? '');
    const issue = (column: string, codeName: string, message: string) => issues.push({ line, column, code: codeName, message });
    if (!/^\d{6}$/.test(code)) issue('保険者番号', 'CSV.INVALID_CODE', `「${code}」は6桁の数字ではありません。 Not 6 digits.`);
    else if (!isValidLocalGovernmentCode(code)) issue('保険者番号', 'CSV.CHECK_DIGIT', `${code} の検査数字が一致しません。 Check digit mismatch.`);
    else if (firstLine.has(code)) issue('保険者番号', 'CSV.DUPLICATE_CODE', `${code} は ${firstLine.get(code)} 行目と重複しています。 Duplicate of line ${firstLine.get(code)}.`);
    else firstLine.set(code, line);
    if (name.length === 0) issue('保険者名', 'CSV.EMPTY', '保険者名が空です。 The name is empty.');
    else if (forbidden) {
      const { ja, en } = forbiddenCharacterMessage('保険者名', forbidden);
      issue('保険者名', FORBIDDEN_CHARACTERS, `${ja} ${en}`);
    }
    else if (looksLikeFormula(name)) issue('保険者名', 'CSV.FORMULA', '数式として解釈される値（=,+,-,@ で始まる）は使えません。 Formula-like text is refused.');
    if (persons === undefined) {
      issue('第1号被保険者数', /^-/.test(cells.category1InsuredPersons ?? '') ? 'CSV.NEGATIVE' : 'CSV.NOT_A_NUMBER', `「${cells.category1InsuredPersons ?? ''}」は 0 以上の整数ではありません。 Not a whole number ≥ 0.`);
    }
    const prefectureCode = cells.prefectureCode?.normalize('NFKC').padStart(2, '0') ?? code.slice(0, 2);
    if (cells.prefectureCode !== undefined && prefectureCode !== code.slice(0, 2)) {
      issue('都道府県コード', 'CSV.PREFECTURE_MISMATCH', '都道府県コードが保険者番号の上2桁と一致しません。 Prefecture code differs from the code.');
    }
    const kind = (cells.kind ?? '').normalize('NFKC').trim();
    if (kind !== '' && !UNION_KINDS.has(kind)) issue('区分', 'CSV.INVALID_KIND', `「${kind}」は区分として不正です（広域連合の行は「広域連合」、それ以外は空）。 Kind is 広域連合 or empty.`);
    const unionCode = (cells.unionCode ?? '').normalize('NFKC').trim();
    if (unionCode !== '' && !/^\d{6}$/.test(unionCode)) issue('広域連合コード', 'CSV.INVALID_CODE', `「${unionCode}」は6桁の数字ではありません。 Not 6 digits.`);
    if (persons !== undefined) {
      insurers.push({ code, name, prefectureCode: code.slice(0, 2), category1InsuredPersons: persons, ...(UNION_KINDS.has(kind) && { isUnion: true }), ...(unionCode !== '' && { unionCode }) });
      lines.push(line);
    }
  }
  if (issues.length > 0) throw new CsvRejected(issues);
  return { insurers, lines, sha256: table.sha256, encoding: table.encoding };
}
