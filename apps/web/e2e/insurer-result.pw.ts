import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { WEB_TEST_PORT } from '../playwright.config';
import { fiscalYearLabel } from '../src/format/format';
import { fiscalYearOf } from '../src/years/fiscal-year-of';
import { SignInPage } from './pages/sign-in';
import { checkPage, SCREENSHOTS } from './support/check-page';
import { closeAndFinalize, draftOf, openRequests, requestAmounts, seedDraftPublishedYear, SETTLEMENT_INSURERS } from './support/settlement-year-seed';

const BASE = `http://127.0.0.1:${WEB_TEST_PORT}`;
/** A year of this walk's own: 内示, one municipality asking for less, 確定 with 追加交付 for the others. */
const FISCAL_YEAR = `FY${fiscalYearOf(new Date()) - 7}`;
const [TSU, YOKKAICHI] = SETTLEMENT_INSURERS;
/** A4 portrait less the 12 mm margins of print.css, in CSS pixels (96 per inch): 186 mm × 273 mm. */
const A4_CONTENT = { width: 703, height: 1032 };

test.beforeAll(async () => {
  await seedDraftPublishedYear(BASE, FISCAL_YEAR);
  await openRequests(BASE, FISCAL_YEAR);
  const draft = await draftOf(BASE, FISCAL_YEAR, YOKKAICHI.code);
  await requestAmounts(BASE, FISCAL_YEAR, YOKKAICHI.code, {
    suishinYen: (BigInt(draft['suishin-municipal']) - 3_000_000n).toString(),
    shienYen: (BigInt(draft['shien-municipal']) - 3_000_000n).toString(),
  });
  await closeAndFinalize(BASE, FISCAL_YEAR);
});

test('the insurer reads its result sheet, its amounts and why, and prints it on A4 with nothing cut', async ({ page }) => {
  await (await new SignInPage(page).open()).asInsurer(TSU.code);
  await page.getByRole('link', { name: '評価結果・交付額', exact: true }).click();
  await page.getByLabel('年度', { exact: true }).selectOption(FISCAL_YEAR);
  await expect(page.getByRole('heading', { level: 1, name: `評価結果・交付額 ${fiscalYearLabel(FISCAL_YEAR)}` })).toBeVisible();

  // The published layout: ranks, a table per grant with the averages, a chart of the rates.
  const ranks = page.getByRole('table', { name: '順位' });
  await expect(ranks.getByRole('row').filter({ hasText: '合計' })).toContainText(/\d+位 \/ 6/);
  for (const grant of ['保険者機能強化推進交付金', '介護保険保険者努力支援交付金']) {
    const table = page.getByRole('table', { name: `${grant}（指標群ごと）` });
    await expect(table.getByRole('columnheader', { name: '都道府県平均' })).toBeVisible();
    await expect(table.getByRole('row').nth(1)).toContainText(/\d+\.\d%.*\d+\.\d%.*\d+\.\d%/);
    await expect(page.getByRole('figure', { name: `${grant}の得点率の比較` }).locator('.recharts-bar-rectangle').first()).toBeVisible();
  }

  // 案, 確定 and 追加交付 (四日市市 asked for less, so the others receive more), and why.
  const amounts = page.getByRole('table', { name: '交付金ごとの交付額（案・確定・追加交付）' });
  const suishin = amounts.getByRole('row').filter({ hasText: '保険者機能強化推進交付金' });
  await expect(suishin.getByRole('cell')).toHaveText([/^[1-9][\d,]*千円$/, /^[1-9][\d,]*千円$/, /^[1-9][\d,]*千円$/]);
  await expect(page.getByRole('heading', { name: 'この金額になった理由' })).toBeVisible();
  const why = page.getByTestId('why-amount');
  await expect(why).toContainText('重み（得点 × 第1号被保険者数）');
  await expect(why).toContainText('全国の重みの合計');
  await expect(why).toContainText('1,000 円未満切り捨て');
  await expect(why).toContainText('追加交付');
  await expect(why).toContainText('交付額（確定）');
  await checkPage(page, '40-insurer-result-sheet');

  // 印刷 opens the browser's print dialog.
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole('button', { name: '印刷' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // On paper: the width of A4's printable area, no menu or buttons, and every table and chart whole within it.
  await page.setViewportSize(A4_CONTENT);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'メニュー' })).toBeHidden();
  await expect(page.getByRole('button', { name: '印刷' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'サインアウト' })).toBeHidden();
  const cut = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const outside = [...document.querySelectorAll('main table, main figure, main svg, main section')]
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ element, box }) => box.left < -0.5 || box.right > width + 0.5 || element.scrollWidth > element.clientWidth + 1)
      .map(({ element, box }) => `${element.tagName} ${element.getAttribute('aria-label') ?? element.querySelector('caption')?.textContent ?? ''} ${Math.round(box.left)}–${Math.round(box.right)}`);
    return { outside, overflow: document.documentElement.scrollWidth - width };
  });
  expect(cut).toEqual({ outside: [], overflow: 0 });
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, '41-insurer-result-print.png'), fullPage: true });
  await page.pdf({ path: resolve(SCREENSHOTS, '41-insurer-result-print.pdf'), format: 'A4', preferCSSPageSize: true, printBackground: true });
});
