import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { grantAndActivityYears } from '@grants/domain';
import type { RecordedPool } from '@grants/domain';
import { neutralise, reportCsv, reportRows, reportXlsx, toThousandYen } from './grant-report';

const pool: RecordedPool = {
  pool: 'suishin-prefectural',
  poolYen: '3000500',
  placedYen: '3000000',
  unallocatedYen: '500',
  rounds: 2,
  recipients: [
    { code: '01', weight: '1000', capYen: null, capped: false, exactShareYen: '2500000.000', amountYen: '2500000' },
    { code: '24', weight: '1000', capYen: '500000', capped: true, exactShareYen: '500000.000', amountYen: '500000' },
  ],
};
const years = grantAndActivityYears('FY2024');
const names = (code: string) => (code === '24' ? '=HYPERLINK("http://evil","三重県")' : '北海道');

describe('grant reports', () => {
  it('writes yen as exact 千円', () => {
    expect(toThousandYen('19000000000')).toBe('19000000');
    expect(toThousandYen(1500n)).toBe('1.500');
    expect(toThousandYen('-2500000')).toBe('-2500');
    expect(toThousandYen('7')).toBe('0.007');
  });

  it('neutralises formula-like cells and leaves other text alone', () => {
    expect(neutralise('=cmd|\' /C calc\'!A0')).toBe("'=cmd|' /C calc'!A0");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('桑名市')).toBe('桑名市');
  });

  it('writes CSV with a BOM in UTF-8, or in Shift_JIS, with Japanese headers and neutralised names', () => {
    const rows = reportRows([pool], names);
    const utf8 = reportCsv(rows, 'utf-8', years);
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = utf8.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('交付金,団体コード,団体名,重み,所要見込額（千円）,上限適用,交付額（千円）,交付年度,評価対象年度');
    expect(text).toContain('保険者機能強化推進交付金（都道府県分）,24,"\'=HYPERLINK(""http://evil"",""三重県"")",1000,500,○,500,令和6年度,令和5年度');
    expect(iconv.decode(reportCsv(rows, 'shift_jis', years), 'cp932')).toBe(text);
  });

  it('writes an XLSX that a real reader opens with the expected cells', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await reportXlsx([pool], names, years)).buffer);
    const sheet = workbook.getWorksheet('suishin-prefectural')!;
    expect(sheet.getCell('A1').value).toBe('保険者機能強化推進交付金（都道府県分）');
    expect(sheet.getRow(1).values).toEqual([undefined, '保険者機能強化推進交付金（都道府県分）', '', '交付年度', '令和6年度', '評価対象年度', '令和5年度']);
    expect(sheet.getRow(2).values).toEqual([undefined, '団体コード', '団体名', '重み', '所要見込額（千円）', '上限適用', '交付額（千円）']);
    expect(sheet.getCell('A3').value).toBe('01');
    expect(sheet.getCell('F3').value).toBe(2500);
    expect(sheet.getCell('B4').value).toBe('\'=HYPERLINK("http://evil","三重県")');
    expect(sheet.getCell('F5').value).toBe(3000);
    expect(sheet.getCell('F6').value).toBe(0.5);
  });
});
