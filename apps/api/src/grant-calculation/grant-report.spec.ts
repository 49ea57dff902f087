import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { grantAndActivityYears } from '@grants/domain';
import type { RecordedAllocation, RecordedPool } from '@grants/domain';
import { reportCsv, reportXlsx } from './get-calculation-report/calculation-report.writer';
import { grantReport, neutralise, perCapitaYen, ReportSource, toThousandYen, wholeThousandYen } from './grant-report';

/**
 * Hand-made calculations. Municipal recipients: A (011002, 12,000 第1号被保険者), B (012025, a formula-like name,
 * 8,000), C (013030, 3,000) who gets nothing in the old-rule year; prefectures 13, 24, and 01 who gets nothing.
 */
const [A, B, C] = ['011002', '012025', '013030'];
const persons: Record<string, number> = { [A]: 12_000, [B]: 8_000, [C]: 3_000, '13': 30_000, '24': 7_000, '01': 23_000 };
const hostile = "=cmd|' /C calc'!A0";
const names = (code: string) => ({ [A]: '札幌市', [B]: hostile, [C]: '小樽市', '13': '東京都', '24': '三重県', '01': '北海道' })[code] ?? code;

const paid = (code: string, amountYen: number, more: Partial<RecordedAllocation> = {}): RecordedAllocation => ({
  code,
  weight: '1',
  capYen: null,
  capped: false,
  exactShareYen: `${amountYen}.000`,
  amountYen: String(amountYen),
  ...more,
});
const pool = (id: RecordedPool['pool'], poolYen: number, recipients: RecordedAllocation[], more: Partial<RecordedPool> = {}): RecordedPool => {
  const placed = recipients.reduce((sum, r) => sum + Number(r.amountYen), 0);
  return { pool: id, poolYen: String(poolYen), placedYen: String(placed), unallocatedYen: String(poolYen - placed), rounds: 1, recipients, ...more };
};

/** An older rule: 確定 only. */
const oldRule: RecordedPool[] = [
  pool('suishin-municipal', 10_000_500, [paid(A, 6_000_000), paid(B, 4_000_000), paid(C, 0)]),
  pool('suishin-prefectural', 3_000_500, [paid('13', 2_500_000), paid('24', 500_000, { capYen: '500000', capped: true }), paid('01', 0)]),
  pool('shien-municipal', 5_000_000, [paid(A, 2_000_000), paid(B, 3_000_000), paid(C, 0)]),
  pool('shien-prefectural', 1_000_000, [paid('13', 600_000), paid('24', 400_000), paid('01', 0)]),
];

/**
 * mhlw-fy2024-v1, 推進・市町村分 of 9,000,000: 案 A 5,000,000, B 3,000,000, C 999,000 (Σ案 8,999,000). A asks for
 * 4,000,000: freed 1,000,000, paid as 追加交付 B 600,000 and C 399,000, 1,000 lost to flooring: 確定 4,000,000 +
 * 3,600,000 + 1,398,000 = 8,998,000, unallocated 2,000, all of it rounding remainder.
 */
const settled = (code: string, draft: number, additional: number, amount: number, more: Partial<RecordedAllocation> = {}) =>
  paid(code, amount, { draftYen: String(draft), additionalYen: String(additional), ...more });
const settledPool = (id: RecordedPool['pool'], poolYen: number, recipients: RecordedAllocation[], remainder: number) =>
  pool(id, poolYen, recipients, {
    rounding: 'floor',
    draftYen: String(recipients.reduce((sum, r) => sum + Number(r.draftYen), 0)),
    additionalYen: String(recipients.reduce((sum, r) => sum + Number(r.additionalYen), 0)),
    roundingRemainderYen: String(remainder),
    unplacedYen: '0',
  });
const mhlw: RecordedPool[] = [
  settledPool('suishin-municipal', 9_000_000, [settled(A, 5_000_000, 0, 4_000_000, { capYen: '4000000', capped: true }), settled(B, 3_000_000, 600_000, 3_600_000), settled(C, 999_000, 399_000, 1_398_000)], 2_000),
  settledPool('suishin-prefectural', 2_000_000, [settled('13', 1_000_000, 0, 1_000_000), settled('24', 1_000_000, 0, 1_000_000), settled('01', 0, 0, 0)], 0),
  settledPool('shien-municipal', 6_000_000, [settled(A, 3_000_000, 0, 3_000_000), settled(B, 3_000_000, 0, 3_000_000), settled(C, 0, 0, 0)], 0),
  settledPool('shien-prefectural', 1_000_000, [settled('13', 500_000, 0, 500_000), settled('24', 500_000, 0, 500_000), settled('01', 0, 0, 0)], 0),
];

/** A recalculation of the old-rule year: A's 推進 score corrected, 1,000,000 moves from A to B. */
const recalculated: RecordedPool[] = oldRule.map((p) =>
  p.pool === 'suishin-municipal' ? pool('suishin-municipal', 10_000_500, [paid(A, 5_000_000), paid(B, 5_000_000), paid(C, 0)]) : p,
);

const years = grantAndActivityYears('FY2024');
const source = (label: string, pools: RecordedPool[], finalPools?: RecordedPool[]): ReportSource => ({ label, years, pools, finalPools, nameOf: names, personsOf: (_level, code) => persons[code] ?? null });

/** The test's own arithmetic: 千円 floored, yen per person truncated to two decimals. */
const k = (yen: number) => String(Math.floor(yen / 1000));
const perCapita = (yen: number, people: number) => (Math.floor((yen * 100) / people) / 100).toFixed(2);
const csvCells = (csv: Buffer) => csv.subarray(3).toString('utf8').trim().split('\r\n').map((line) => line.split(','));
const row = (cells: string[][], section: string, name: string) => cells.find((c) => c[0] === section && c[2] === name)!;
const amountsOf = (cells: string[]) => cells.slice(4, 13);

describe('the 交付額一覧', () => {
  it('writes yen as exact 千円, whole 千円 floored, and yen per person truncated', () => {
    expect(toThousandYen('19000000000')).toBe('19000000');
    expect(toThousandYen(1500n)).toBe('1.500');
    expect(wholeThousandYen(1500n)).toBe(1n);
    expect(wholeThousandYen(-2500n)).toBe(-3n);
    expect(wholeThousandYen(-2000n)).toBe(-2n);
    expect(perCapitaYen(8_000_000n, 12_000)).toBe('666.66');
    expect(perCapitaYen(1n, null)).toBe('');
  });

  it('neutralises formula-like cells and leaves other text alone', () => {
    expect(neutralise(hostile)).toBe(`'${hostile}`);
    expect(neutralise('桑名市')).toBe('桑名市');
  });

  it('lists an older rule’s 確定 per recipient with 推進 / 支援 / 合計, leaving 案 and 追加交付 empty', () => {
    const csv = reportCsv(grantReport(source('確定', oldRule)), 'utf-8');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const cells = csvCells(csv);
    const measures = ['案', '追加交付', '確定'];
    expect(cells[0]).toEqual([
      '区分', '団体コード', '団体名', '第1号被保険者数',
      ...['推進交付金', '支援交付金', '合計'].flatMap((grant) => measures.map((m) => `${grant}・${m}（千円）`)),
      '1人当たり交付額（円）', '順位', '交付年度', '評価対象年度', '算定', '算定日時（JST）',
    ]);
    // No rows for C and 01, who get nothing.
    expect(cells.map((c) => c[2])).toEqual(['団体名', '札幌市', `'${hostile}`, '合計', '未配分', 'うち端数', '東京都', '三重県', '合計', '未配分', 'うち端数']);
    expect(row(cells, '市町村分', '札幌市')).toEqual(['市町村分', A, '札幌市', '12000', '', '', k(6_000_000), '', '', k(2_000_000), '', '', k(8_000_000), perCapita(8_000_000, 12_000), '1', '令和6年度', '令和5年度', '確定', '']);
    expect(row(cells, '市町村分', `'${hostile}`).slice(12, 15)).toEqual([k(7_000_000), perCapita(7_000_000, 8_000), '2']);
    expect(amountsOf(row(cells, '市町村分', '合計'))).toEqual(['', '', k(10_000_000), '', '', k(5_000_000), '', '', k(15_000_000)]);
    expect(row(cells, '市町村分', '合計')[3]).toBe('20000');
    expect(amountsOf(row(cells, '市町村分', '未配分'))).toEqual(['', '', k(500), '', '', k(0), '', '', k(500)]);
    expect(amountsOf(row(cells, '市町村分', 'うち端数'))).toEqual(['', '', '', '', '', '', '', '', '']);
    expect(row(cells, '都道府県分', '三重県').slice(4, 15)).toEqual(['', '', k(500_000), '', '', k(400_000), '', '', k(900_000), perCapita(900_000, 7_000), '2']);
    expect(amountsOf(row(cells, '都道府県分', '合計'))).toEqual(['', '', k(3_000_000), '', '', k(1_000_000), '', '', k(4_000_000)]);
    expect(iconv.decode(reportCsv(grantReport(source('確定', oldRule)), 'shift_jis'), 'cp932')).toBe(csv.subarray(3).toString('utf8'));
  });

  it('lists 案 / 追加交付 / 確定 of an mhlw-fy2024-v1 calculation, its 未配分 and rounding remainder, ranks with ties', () => {
    // Decided at 06:00 UTC on 31 March 2025: 15:00 in Japan, written as offices read it.
    const cells = csvCells(reportCsv(grantReport({ ...source('試算2', mhlw), decidedAt: '2025-03-31T06:00:00.000Z' }), 'utf-8'));
    expect(row(cells, '市町村分', '札幌市').slice(3, 15)).toEqual([
      '12000', k(5_000_000), k(0), k(4_000_000), k(3_000_000), k(0), k(3_000_000), k(8_000_000), k(0), k(7_000_000), perCapita(7_000_000, 12_000), '1',
    ]);
    expect(row(cells, '市町村分', '小樽市').slice(4, 15)).toEqual([k(999_000), k(399_000), k(1_398_000), k(0), k(0), k(0), k(999_000), k(399_000), k(1_398_000), perCapita(1_398_000, 3_000), '3']);
    expect(amountsOf(row(cells, '市町村分', '合計'))).toEqual([k(8_999_000), k(999_000), k(8_998_000), k(6_000_000), k(0), k(6_000_000), k(14_999_000), k(999_000), k(14_998_000)]);
    expect(amountsOf(row(cells, '市町村分', '未配分'))).toEqual(['', '', k(2_000), '', '', k(0), '', '', k(2_000)]);
    expect(amountsOf(row(cells, '市町村分', 'うち端数'))).toEqual(['', '', k(2_000), '', '', k(0), '', '', k(2_000)]);
    // 13 and 24 get the same 1,500,000: both rank 1.
    expect([row(cells, '都道府県分', '東京都')[14], row(cells, '都道府県分', '三重県')[14]]).toEqual(['1', '1']);
    expect(cells.every((c, i) => i === 0 || c.slice(15).join() === '令和6年度,令和5年度,試算2,令和7年3月31日 15:00（JST）')).toBe(true);
  });

  it('after a recalculation lists 確定 / 再算定 / 差額 (追加交付・返還)', () => {
    const report = grantReport(source('再算定1', recalculated, oldRule));
    expect(report.title).toBe('令和6年度 交付額一覧（再算定1）');
    const cells = csvCells(reportCsv(report, 'utf-8'));
    expect(cells[0].slice(4, 7)).toEqual(['推進交付金・確定（千円）', '推進交付金・再算定（千円）', '推進交付金・差額（追加交付・返還）（千円）']);
    expect(row(cells, '市町村分', '札幌市').slice(4, 15)).toEqual([
      k(6_000_000), k(5_000_000), String(-Number(k(1_000_000))), k(2_000_000), k(2_000_000), k(0), k(8_000_000), k(7_000_000), String(-Number(k(1_000_000))), perCapita(7_000_000, 12_000), '2',
    ]);
    expect(row(cells, '市町村分', `'${hostile}`).slice(4, 15)).toEqual([k(4_000_000), k(5_000_000), k(1_000_000), k(3_000_000), k(3_000_000), k(0), k(7_000_000), k(8_000_000), k(1_000_000), perCapita(8_000_000, 8_000), '1']);
    expect(amountsOf(row(cells, '市町村分', '合計'))).toEqual([k(10_000_000), k(10_000_000), k(0), k(5_000_000), k(5_000_000), k(0), k(15_000_000), k(15_000_000), k(0)]);
    expect(amountsOf(row(cells, '市町村分', '未配分'))).toEqual([k(500), k(500), k(0), k(0), k(0), k(0), k(500), k(500), k(0)]);
  });

  it('writes an XLSX with Japanese sheets, named year and calculation, set to print, frozen, in whole 千円', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await reportXlsx(grantReport({ ...source('確定', mhlw), decidedAt: '2019-04-30T15:00:00.000Z' }))).buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['市町村分', '都道府県分']);
    const sheet = workbook.getWorksheet('市町村分')!;
    // 15:00 UTC on 30 April 2019 is already 1 May in Japan: the first day of 令和.
    expect(sheet.getRow(1).values).toEqual([undefined, '令和6年度 交付額一覧（確定）', '', '交付年度', '令和6年度', '評価対象年度', '令和5年度', '算定', '確定', '算定日時（JST）', '令和元年5月1日 00:00（JST）']);
    expect([sheet.getCell('A2').value, sheet.getCell('C2').value, sheet.getCell('D2').value, sheet.getCell('G2').value, sheet.getCell('J2').value]).toEqual([
      '団体コード', '第1号被保険者数', '推進交付金（千円）', '支援交付金（千円）', '合計（千円）',
    ]);
    expect(sheet.getRow(3).values).toEqual([undefined, '', '', '', '案', '追加交付', '確定', '案', '追加交付', '確定', '案', '追加交付', '確定', '', '']);
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '2:3' });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 3 });
    expect(sheet.getCell('A4').value).toBe(A);
    expect([sheet.getCell('D4').value, sheet.getCell('E4').value, sheet.getCell('F4').value, sheet.getCell('L4').value]).toEqual([5_000, 0, 4_000, 7_000]);
    expect(sheet.getCell('F4').numFmt).toBe('#,##0');
    expect(sheet.getCell('M4').value).toBe(perCapita(7_000_000, 12_000));
    expect(sheet.getCell('B5').value).toBe(`'${hostile}`);
    expect(sheet.getCell('A7').value).toBe('');
    expect([sheet.getCell('B7').value, sheet.getCell('F7').value, sheet.getCell('L7').value]).toEqual(['合計', 8_998, 14_998]);
    expect([sheet.getCell('B8').value, sheet.getCell('F8').value, sheet.getCell('B9').value, sheet.getCell('F9').value]).toEqual(['未配分', 2, 'うち端数', 2]);
    expect(workbook.getWorksheet('都道府県分')!.getCell('B6').value).toBe('合計');
  });
});
