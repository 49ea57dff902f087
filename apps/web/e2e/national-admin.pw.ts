import { expect, test } from '@playwright/test';
import { fiscalYearLabel } from '../src/format/format';
import { SignInPage } from './pages/sign-in';
import { YearBoardPage } from './pages/year-board';

test('the national administrator closes last year’s submissions once its deadline has passed', async ({ page }) => {
  const closingYear = process.env.WEB_TEST_CLOSING_YEAR!;
  await (await new SignInPage(page).open()).asNationalAdmin();
  const board = new YearBoardPage(page);
  await expect(page.getByRole('heading', { level: 1, name: '年度一覧' })).toBeVisible();
  await expect(page.getByRole('link', { name: fiscalYearLabel(process.env.WEB_TEST_FISCAL_YEAR!) })).toBeVisible();
  await board.check('08-national-years');
  await board.openYear(new RegExp(fiscalYearLabel(closingYear).replace(/[()（）]/g, '.')));
  await expect(board.phase()).toHaveText('受付中');
  await expect(page.getByText('進める準備ができています')).toBeVisible();
  await board.check('09-national-year-board');
  await board.advanceTo('提出締切', '提出期限の経過により締め切ります。');
  await expect(board.phase()).toHaveText('提出締切');
  await board.check('10-national-year-closed');
});

test('this year’s board lists what still blocks closing it, and advancing stays disabled', async ({ page }) => {
  await (await new SignInPage(page).open()).asNationalAdmin();
  await new YearBoardPage(page).openYear(new RegExp(fiscalYearLabel(process.env.WEB_TEST_FISCAL_YEAR!).replace(/[()（）]/g, '.')));
  await expect(page.getByRole('list', { name: '未完了の項目' })).toContainText('提出期限');
  await expect(page.getByRole('button', { name: '「提出締切」に進める' })).toBeDisabled();
  await expect(page.getByRole('table', { name: '都道府県別の提出状況（件数）' })).toContainText('三重県');
});
