import ExcelJS from 'exceljs';
import { csvBytes } from '@grants/domain';
import { GRANT_TITLES, GrantReport, neutralise, ReportLine, wholeThousandYen } from '../grant-report';

const PARTS = ['suishin', 'shien', 'total'] as const;

const thousand = (value: bigint | null) => (value === null ? null : wholeThousandYen(value));

/** A line's amount cells in 千円 (whole numbers, 千円未満切捨て): 推進, 支援, 合計, each with the report's measures. */
const amounts = (l: ReportLine) => PARTS.flatMap((part) => l[part].map(thousand));

/** The column headers of the amounts: 「推進交付金・確定（千円）」 … */
export function amountHeaders(report: GrantReport): string[] {
  return PARTS.flatMap((part) => report.measures.map((m) => `${GRANT_TITLES[part]}・${m}（千円）`));
}

/**
 * CSV for Excel users through the one CSV writer: UTF-8 with BOM by default, or Shift_JIS (CP932); CRLF line ends.
 * One header row, then each level's recipients and its 合計 / 未配分 / うち端数 lines; every row names its 区分, the
 * 交付年度, the 評価対象年度, the calculation and when it was decided (JST, 和暦), so a row copied elsewhere still says
 * what it is.
 */
export function reportCsv(report: GrantReport, encoding: 'utf-8' | 'shift_jis'): Buffer {
  const { grantYear, activityYear } = report.years;
  const header = ['区分', '団体コード', '団体名', '第1号被保険者数', ...amountHeaders(report), '1人当たり交付額（円）', '順位', '交付年度', '評価対象年度', '算定', '算定日時（JST）'];
  const records = report.sections.flatMap((section) =>
    [...section.recipients, ...section.totals].map((l) => [
      section.sheetName,
      l.code,
      l.name,
      l.persons,
      ...amounts(l),
      l.perCapita,
      l.rank,
      grantYear.name,
      activityYear.name,
      report.label,
      report.decidedAtJst,
    ]),
  );
  return csvBytes([header, ...records], { encoding, bom: encoding === 'utf-8' });
}

const FIRST_AMOUNT_COLUMN = 4;

/**
 * XLSX: one sheet per level (市町村分, 都道府県分). Row 1 names the list (「令和6年度 交付額一覧（確定）」), the 交付年度,
 * the 評価対象年度, the calculation and when it was decided (JST, 和暦); rows 2–3 are the headers (grant over its measures), frozen and repeated on
 * every printed page; A4 landscape, fitted to the page width; amounts as whole 千円 numbers formatted 「#,##0」; the
 * per-capita amount as text with two decimals.
 */
export async function reportXlsx(report: GrantReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'incentive-grants';
  const width = report.measures.length;
  for (const section of report.sections) {
    const sheet = workbook.addWorksheet(section.sheetName, {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:3' },
      views: [{ state: 'frozen', xSplit: 2, ySplit: 3 }],
    });
    sheet.addRow([report.title, '', '交付年度', report.years.grantYear.name, '評価対象年度', report.years.activityYear.name, '算定', report.label, '算定日時（JST）', report.decidedAtJst]);
    const groups = PARTS.flatMap((part) => [`${GRANT_TITLES[part]}（千円）`, ...Array<string>(width - 1).fill('')]);
    sheet.addRow(['団体コード', '団体名', '第1号被保険者数', ...groups, '1人当たり交付額（円）', '順位']);
    sheet.addRow(['', '', '', ...PARTS.flatMap(() => report.measures), '', '']);
    PARTS.forEach((_, i) => sheet.mergeCells(2, FIRST_AMOUNT_COLUMN + i * width, 2, FIRST_AMOUNT_COLUMN + (i + 1) * width - 1));
    for (const l of [...section.recipients, ...section.totals]) {
      sheet.addRow([l.code, neutralise(l.name), l.persons, ...amounts(l).map((v) => (v === null ? null : Number(v))), l.perCapita, l.rank]);
    }
    sheet.getColumn(1).width = 12;
    sheet.getColumn(2).width = 24;
    for (let column = 3; column < FIRST_AMOUNT_COLUMN + 3 * width; column += 1) {
      sheet.getColumn(column).numFmt = '#,##0';
      sheet.getColumn(column).width = 14;
    }
    sheet.getColumn(FIRST_AMOUNT_COLUMN + 3 * width).width = 18;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
