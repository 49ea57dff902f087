import ExcelJS from 'exceljs';
import { csvBytes, neutraliseFormula } from '@grants/domain';
import type { GrantAndActivityYears, RecordedPool } from '@grants/domain';

/** Japanese names of the four pools, as published. */
export const POOL_TITLES: Readonly<Record<string, string>> = {
  'suishin-municipal': '保険者機能強化推進交付金（市町村分）',
  'suishin-prefectural': '保険者機能強化推進交付金（都道府県分）',
  'shien-municipal': '介護保険保険者努力支援交付金（市町村分）',
  'shien-prefectural': '介護保険保険者努力支援交付金（都道府県分）',
};

/** Every row also names its 交付年度 and 評価対象年度 (N−1) in 和暦, so a row copied elsewhere still says which year it is. */
export const REPORT_HEADERS = ['交付金', '団体コード', '団体名', '重み', '所要見込額（千円）', '上限適用', '交付額（千円）', '交付年度', '評価対象年度'] as const;

/** Yen as 千円, exactly: whole thousands print as integers, anything else with three decimals (never a float). */
export function toThousandYen(yen: string | bigint): string {
  const value = BigInt(yen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = abs / 1000n;
  const rest = abs % 1000n;
  return rest === 0n ? `${sign}${whole}` : `${sign}${whole}.${rest.toString().padStart(3, '0')}`;
}

/** The one formula guard of every export (libs/domain/src/csv/csv-writer.ts). */
export const neutralise = neutraliseFormula;

export interface ReportRow {
  readonly pool: string;
  readonly code: string;
  readonly name: string;
  readonly weight: string;
  readonly capThousandYen: string;
  readonly capped: string;
  readonly amountThousandYen: string;
}

export function reportRows(pools: readonly RecordedPool[], nameOf: (code: string) => string): ReportRow[] {
  return pools.flatMap((pool) =>
    pool.recipients.map((r) => ({
      pool: POOL_TITLES[pool.pool] ?? pool.pool,
      code: r.code,
      name: nameOf(r.code),
      weight: r.weight,
      capThousandYen: r.capYen === null ? '' : toThousandYen(r.capYen),
      capped: r.capped ? '○' : '',
      amountThousandYen: toThousandYen(r.amountYen),
    })),
  );
}

/** CSV for Excel users: UTF-8 with BOM by default, or Shift_JIS (CP932) on request; CRLF line ends. */
export function reportCsv(rows: readonly ReportRow[], encoding: 'utf-8' | 'shift_jis', years: GrantAndActivityYears): Buffer {
  const { grantYear, activityYear } = years;
  const records = [REPORT_HEADERS, ...rows.map((r) => [r.pool, r.code, r.name, r.weight, r.capThousandYen, r.capped, r.amountThousandYen, grantYear.name, activityYear.name])];
  return csvBytes(records, { encoding, bom: encoding === 'utf-8' });
}

/**
 * XLSX: one sheet per pool with its total row; amounts in 千円 as exact decimal text converted to numbers ≤ 2^53. The
 * title line also names the 交付年度 and the 評価対象年度 (C1:F1).
 */
export async function reportXlsx(pools: readonly RecordedPool[], nameOf: (code: string) => string, years: GrantAndActivityYears): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'incentive-grants';
  for (const pool of pools) {
    const sheet = workbook.addWorksheet(pool.pool);
    sheet.addRow([POOL_TITLES[pool.pool] ?? pool.pool, '', '交付年度', years.grantYear.name, '評価対象年度', years.activityYear.name]);
    sheet.addRow(['団体コード', '団体名', '重み', '所要見込額（千円）', '上限適用', '交付額（千円）']);
    for (const r of pool.recipients) {
      sheet.addRow([r.code, neutralise(nameOf(r.code)), r.weight, r.capYen === null ? '' : Number(toThousandYen(r.capYen)), r.capped ? '○' : '', Number(toThousandYen(r.amountYen))]);
    }
    sheet.addRow(['合計', '', '', '', '', Number(toThousandYen(pool.placedYen))]);
    sheet.addRow(['未配分', '', '', '', '', Number(toThousandYen(pool.unallocatedYen))]);
    sheet.getColumn(1).width = 12;
    sheet.getColumn(2).width = 24;
    sheet.getColumn(6).numFmt = '#,##0.###';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
