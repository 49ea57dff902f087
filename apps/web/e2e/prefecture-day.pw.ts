import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { csvBytes } from '../../../libs/domain/src/csv/csv-writer';
import { WEB_TEST_PORT } from '../playwright.config';
import { fiscalYearLabel, thousandYen } from '../src/format/format';
import { fiscalYearOf } from '../src/years/fiscal-year-of';
import { SelfEvaluationPage } from './pages/self-evaluation';
import { SignInPage } from './pages/sign-in';
import { checkPage } from './support/check-page';
import { MIE } from './support/seed';
import { closeAndFinalize, draftOf, openRequests, seedDraftPublishedYear, SETTLEMENT_INSURERS } from './support/settlement-year-seed';

const BASE = `http://127.0.0.1:${WEB_TEST_PORT}`;
/** A settlement year of this walk's own, 内示済み when it starts. */
const SETTLEMENT_YEAR = `FY${fiscalYearOf(new Date()) - 6}`;
const SUZUKA = MIE.find((m) => m.name === '鈴鹿市')!;
const NABARI = MIE.find((m) => m.name === '名張市')!;
const TSU = SETTLEMENT_INSURERS[0];

/** A value the template allows: はい, or the first option id of `1つ選択: id: label（n点） / …`. */
const allowed = (values: string) => (values.startsWith('はい') ? 'はい' : values.replace(/^[^:]*: /, '').split(':')[0].trim());

/** 津市's 所要見込額: less than its 案 in both grants, so that it is paid exactly this. */
async function tsuAsk(): Promise<{ suishinYen: string; shienYen: string }> {
  const draft = await draftOf(BASE, SETTLEMENT_YEAR, TSU.code);
  return { suishinYen: (BigInt(draft['suishin-municipal']) - 1_000_000n).toString(), shienYen: (BigInt(draft['shien-municipal']) - 2_000_000n).toString() };
}

async function upload(page: Page, name: string, rows: string[][]): Promise<void> {
  await sendFile(page, { name, mimeType: 'text/csv', buffer: csvBytes(rows, { bom: true }) });
}

/** Picks the file, confirms, and waits until all of it has been sent. */
async function sendFile(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const { name } = file;
  await page.getByLabel('記入したファイル（CSV または Excel）').setInputFiles(file);
  await page.getByRole('button', { name: '取り込む' }).click();
  const dialog = page.getByRole('dialog', { name: 'このファイルを取り込みますか' });
  await expect(dialog).toContainText(name);
  await dialog.getByRole('button', { name: '取り込む' }).click();
  await expect(page.locator('#upload-progress')).toHaveAttribute('value', '100');
}

async function register(page: Page, who: string, suishinYen: string, shienYen: string): Promise<void> {
  await page.getByRole('button', { name: `${who}の所要見込額を入力` }).click();
  await page.getByLabel('保険者機能強化推進交付金の所要見込額（円）').fill(suishinYen);
  await page.getByLabel('介護保険保険者努力支援交付金の所要見込額（円）').fill(shienYen);
  await page.getByRole('button', { name: '登録する' }).click();
  const dialog = page.getByRole('dialog', { name: '所要見込額を登録しますか' });
  await expect(dialog).toContainText(`${BigInt(suishinYen).toLocaleString('ja-JP')}円`);
  await dialog.getByRole('button', { name: '登録する' }).click();
  await expect(dialog).toBeHidden();
}

/**
 * 三重県's day: the bulk answers of its municipalities (template, a file with mistakes, the corrected file), its own
 * self-evaluation, the 所要見込額 of itself and a municipality around the window, and its municipalities' results.
 */
test.describe.serial('a prefecture’s day', () => {
  test.beforeAll(async () => {
    await seedDraftPublishedYear(BASE, SETTLEMENT_YEAR);
  });

  test.beforeEach(async ({ page }) => {
    await (await new SignInPage(page).open()).asPrefecture('24');
  });

  test('bulk answers: the template, a file refused line by line, then the corrected file with a progress bar', async ({ page }) => {
    const fiscalYear = process.env.WEB_TEST_FISCAL_YEAR!;
    await page.getByRole('link', { name: '回答の一括取込', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `三重県 自己評価の一括取込 ${fiscalYearLabel(fiscalYear)}` })).toBeVisible();
    await checkPage(page, '30-prefecture-import');

    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV（UTF-8）をダウンロード' }).click()]);
    expect(file.suggestedFilename()).toBe(`answers-template-${fiscalYear}-24.csv`);
    const [header, ...rows]: string[][] = parse(readFileSync(await file.path(), 'utf8'), { bom: true });
    expect(header).toEqual(['保険者番号', '保険者名', '指標ID', '指標', '選択できる値', '回答', '備考']);
    expect(new Set(rows.map((row) => row[0])).size).toBe(MIE.length);
    const filled = rows.filter((row) => row[0] === SUZUKA.code || row[0] === NABARI.code).map((row) => [...row.slice(0, 5), allowed(row[4]), row[6]]);

    // Two mistakes: an answer that is not allowed (line 3) and an unknown indicator (line 5). Nothing is stored.
    const wrong = filled.map((row) => [...row]);
    wrong[1][5] = 'たぶん';
    wrong[3][2] = 'suishin-X-x-99';
    await upload(page, 'mie-answers.csv', [header, ...wrong]);
    await expect(page.getByRole('alert')).toContainText('取り込めませんでした（何も保存していません）');
    const issues = page.getByRole('table', { name: 'ファイルの誤り（行・列ごと）' });
    await expect(issues.getByRole('row').filter({ hasText: '3行目' })).toContainText('回答');
    await expect(issues.getByRole('row').filter({ hasText: '5行目' })).toContainText('指標ID');
    await checkPage(page, '31-prefecture-import-errors');

    await upload(page, 'mie-answers-corrected.csv', [header, ...filled]);
    await expect(page.getByRole('status').filter({ hasText: '取り込みました' })).toContainText('2 保険者分を保存しました');
    await expect(page.getByTestId('upload-progress-text')).toContainText('100%');
    await checkPage(page, '32-prefecture-import-done');

    // The Excel template filled in and sent as the workbook itself (only 鈴鹿市's and 名張市's rows kept).
    const [excel] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel（選択肢つき）をダウンロード' }).click()]);
    expect(excel.suggestedFilename()).toBe(`answers-template-${fiscalYear}-24.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(readFileSync(await excel.path())).buffer);
    const sheet = workbook.getWorksheet('回答')!;
    for (let line = sheet.rowCount; line > 1; line -= 1) {
      const row = sheet.getRow(line);
      if (row.getCell(1).text !== SUZUKA.code && row.getCell(1).text !== NABARI.code) sheet.spliceRows(line, 1);
      else row.getCell(6).value = allowed(row.getCell(5).text);
    }
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    await sendFile(page, { name: 'mie-answers.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
    await expect(page.getByRole('status').filter({ hasText: '取り込みました' })).toContainText('形式: Excel（.xlsx）');
    await expect(page.getByRole('status').filter({ hasText: '取り込みました' })).toContainText(`${filled.length} 行・2 保険者分`);

    await page.getByRole('link', { name: '市町村の提出状況', exact: true }).click();
    await page.getByLabel('保険者番号・保険者名で絞り込み').fill('鈴鹿');
    // The board reads a projection that follows the imports within moments: 更新 until it shows them.
    const suzuka = page.getByRole('table', { name: '市町村の提出状況' }).getByRole('row').filter({ hasText: '鈴鹿市' });
    await expect(async () => {
      await page.getByRole('button', { name: '最新の状況に更新' }).click();
      await expect(suzuka).toContainText('下書き', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  });

  test('its own self-evaluation: a draft, then submitted after a confirmation', async ({ page }) => {
    await page.getByRole('link', { name: '都道府県の自己評価', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: /三重県の自己評価（都道府県分）/ })).toBeVisible();
    const form = new SelfEvaluationPage(page);
    const total = await page.locator('form fieldset').count();
    expect(total).toBeGreaterThan(5);
    await form.answer(2);
    await form.saveDraft();
    await form.expectMissing(total - 2);
    await checkPage(page, '33-prefecture-own-draft');
    await form.answer();
    // This year takes the prefecture's 所要見込額 with its answers: 提出 waits for it.
    await expect(page.getByTestId('completeness')).toContainText('所要見込額（都道府県分）を登録してください');
    await expect(page.getByRole('button', { name: '提出する' })).toBeDisabled();
    await page.getByLabel('保険者機能強化推進交付金（円）').fill('20000000');
    await page.getByLabel('介護保険保険者努力支援交付金（円）').fill('18000000');
    await page.getByRole('button', { name: '所要見込額を登録' }).click();
    const dialog = page.getByRole('dialog', { name: '所要見込額を登録しますか' });
    await expect(dialog).toContainText('推進 20,000,000円・支援 18,000,000円');
    await dialog.getByRole('button', { name: '登録する' }).click();
    await expect(page.getByRole('status').filter({ hasText: '所要見込額を登録しました' })).toBeVisible();
    await form.submit();
    await checkPage(page, '34-prefecture-own-submitted');
  });

  test('所要見込額: refused before the window opens, registered while it is open, refused once it closed', async ({ page }) => {
    test.setTimeout(120_000);
    await page.getByRole('link', { name: '所要見込額', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `所要見込額の登録 ${fiscalYearLabel(SETTLEMENT_YEAR)}` })).toBeVisible();
    await expect(page.getByRole('table', { name: '団体ごとの内示額（案）' }).getByRole('row')).toHaveCount(1 + 1 + SETTLEMENT_INSURERS.length);
    await register(page, '三重県（都道府県分）', '15000000', '14000000');
    await expect(page.getByRole('alert')).toContainText('所要見込額の受付はまだ始まっていません');
    await checkPage(page, '35-prefecture-requests-not-open');

    await openRequests(BASE, SETTLEMENT_YEAR);
    await page.reload();
    await expect(page.getByRole('status').filter({ hasText: '所要見込額の受付中です' })).toBeVisible();
    const ask = await tsuAsk();
    await register(page, TSU.name, ask.suishinYen, ask.shienYen);
    await expect(page.getByRole('status').filter({ hasText: '登録しました' })).toContainText(`${TSU.name}の所要見込額を登録しました`);
    await register(page, '三重県（都道府県分）', '15000000', '14000000');
    await expect(page.locator('dl').first()).toContainText('推進 15,000,000円・支援 14,000,000円');
    await checkPage(page, '36-prefecture-requests-open');

    await closeAndFinalize(BASE, SETTLEMENT_YEAR);
    await page.reload();
    await register(page, TSU.name, '1000', '1000');
    await expect(page.getByRole('alert')).toContainText('所要見込額の受付は終了しています');
    await checkPage(page, '37-prefecture-requests-closed');
  });

  test('its municipalities’ results: the one that asked for less gets exactly that, the others 追加交付', async ({ page }) => {
    const ask = await tsuAsk();
    await page.getByRole('link', { name: '評価結果・交付額', exact: true }).click();
    await page.getByLabel('年度', { exact: true }).selectOption(SETTLEMENT_YEAR);
    await expect(page.getByRole('heading', { level: 1, name: '三重県 管内市町村の評価結果・交付額' })).toBeVisible();
    const table = page.getByRole('table', { name: '管内市町村の評価結果・交付額' });
    await expect(table.getByRole('row')).toHaveCount(1 + SETTLEMENT_INSURERS.length);
    const tsuRow = table.getByRole('row').filter({ hasText: TSU.name });
    await expect(tsuRow).toContainText(`${thousandYen(ask.suishinYen)}`);
    await expect(tsuRow).toContainText('1位 /');
    // Its rank among all the nation's insurers as well, in the column after 県内順位.
    await expect(table.getByRole('columnheader').nth(4)).toHaveText(/全国順位/);
    await expect(tsuRow.getByRole('cell').nth(4)).toHaveText(/^[1-9][\d,]*位 \/ [1-9][\d,]*$/);
    await expect(table.getByRole('row').filter({ hasText: SETTLEMENT_INSURERS[1].name }).getByRole('cell').last()).toHaveText(/^[1-9][\d,]*千円$/);
    // 三重県 asked for less than its own 案 too: it is paid exactly its request.
    await expect(page.locator('dl').first()).toContainText('推進 確定 15,000千円・支援 確定 14,000千円');
    await checkPage(page, '38-prefecture-results');

    await table.getByRole('button', { name: /確定額/ }).click();
    await expect(table.getByRole('columnheader', { name: /確定額/ })).toHaveAttribute('aria-sort', 'ascending');
    await page.getByLabel('交付金', { exact: true }).selectOption('shien-municipal');
    await expect(tsuRow).toContainText(`${thousandYen(ask.shienYen)}`);
    await page.getByLabel('保険者番号・保険者名で絞り込み').fill('津');
    await expect(table.getByRole('row')).toHaveCount(2);
  });
});
