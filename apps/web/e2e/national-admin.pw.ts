import { expect, test } from '@playwright/test';
import { fiscalYearLabel, jstInputInDays, jstInputToIso, warekiDateTime } from '../src/format/format';
import { SignInPage } from './pages/sign-in';
import { YearBoardPage } from './pages/year-board';
import { checkPage } from './support/check-page';
import { MIE } from './support/seed';

const yearLink = (fiscalYear: string) => new RegExp(fiscalYearLabel(fiscalYear).replace(/[()（）]/g, '.'));

test.describe.serial('the national year: closing submissions and the national review', () => {
  test('the national administrator closes last year’s submissions once its deadline has passed', async ({ page }) => {
    const closingYear = process.env.WEB_TEST_CLOSING_YEAR!;
    await (await new SignInPage(page).open()).asNationalAdmin();
    const board = new YearBoardPage(page);
    await expect(page.getByRole('heading', { level: 1, name: '年度一覧' })).toBeVisible();
    await expect(page.getByRole('link', { name: fiscalYearLabel(process.env.WEB_TEST_FISCAL_YEAR!) })).toBeVisible();
    await board.check('08-national-years');
    await board.openYear(yearLink(closingYear));
    await expect(board.phase()).toHaveText('受付中');
    await expect(page.getByText('進める準備ができています')).toBeVisible();
    await board.check('09-national-year-board');
    await board.advanceTo('提出締切', '提出期限の経過により締め切ります。');
    await expect(board.phase()).toHaveText('提出締切');
    await board.check('10-national-year-closed');
  });

  test('this year’s board lists what still blocks closing it; the administrator extends the insurers’ deadline', async ({ page }) => {
    await (await new SignInPage(page).open()).asNationalAdmin();
    await new YearBoardPage(page).openYear(yearLink(process.env.WEB_TEST_FISCAL_YEAR!));
    await expect(page.getByRole('list', { name: '未完了の項目' })).toContainText('提出期限');
    await expect(page.getByRole('button', { name: '「提出締切」に進める' })).toBeDisabled();
    await expect(page.getByRole('table', { name: '都道府県別の提出状況（件数）' })).toContainText('三重県');

    // Within the prefectures' deadline (45 days after set-up), as the order of deadlines requires.
    const extended = jstInputInDays(40);
    const change = async () => {
      await page.getByLabel('変更する期限').selectOption('submissionsDueAt');
      await page.getByLabel('新しい期限（日本時間）').fill(extended);
      await page.getByLabel(/変更の理由/).fill('システム障害のため提出期限を延長します。');
      await page.getByRole('button', { name: '期限を変更する' }).click();
      const dialog = page.getByRole('dialog', { name: '期限を変更しますか' });
      await expect(dialog).toContainText(warekiDateTime(jstInputToIso(extended)));
      await dialog.getByRole('button', { name: '変更する' }).click();
    };

    // While every page shows a past moment, a change is not sent: it would act on the present.
    await page.evaluate(() => sessionStorage.setItem('grants.asOf', new Date(Date.now() - 1_000).toISOString()));
    await page.reload();
    await expect(page.getByTestId('as-of-banner')).toContainText('保存・提出などの操作は、現在の表示に戻してから行えます');
    await change();
    await expect(page.getByRole('alert')).toContainText('過去の時点を表示しているため、保存・提出などの操作はできません');
    await expect(page.locator('dl')).not.toContainText(`保険者の提出期限${warekiDateTime(jstInputToIso(extended))}`);
    await page.getByRole('button', { name: '現在の表示に戻す' }).click();
    await expect(page.getByTestId('as-of-banner')).toBeHidden();

    await change();
    await expect(page.getByRole('status').filter({ hasText: '期限を変更しました' })).toBeVisible();
    await expect(page.locator('dl')).toContainText(`保険者の提出期限${warekiDateTime(jstInputToIso(extended))}`);
    await checkPage(page, '09b-national-deadline-extended');
  });

  test('a national reviewer corrects an answer of a closed year with a reason', async ({ page }) => {
    const tsu = MIE[0];
    await (await new SignInPage(page).open()).asNationalReviewer();
    await expect(page.getByRole('heading', { level: 1, name: '国の審査' })).toBeVisible();
    const queue = page.getByRole('table', { name: '審査する自己評価' });
    await expect(queue).toContainText(tsu.code);
    await checkPage(page, '12-reviewer-queue');
    await queue.getByRole('link', { name: tsu.name }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${tsu.name}（${tsu.code}）の審査` })).toBeVisible();
    await page.getByRole('button', { name: '推進 I-i-1 を訂正する', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '推進 I-i-1 の回答を訂正' });
    await dialog.getByRole('radio', { name: 'いいえ' }).check();
    await dialog.getByLabel(/訂正の理由/).fill('根拠資料で共有の実績を確認できませんでした。');
    await dialog.getByRole('button', { name: '訂正を記録する' }).click();
    await expect(page.getByRole('status').filter({ hasText: '推進 I-i-1 を「いいえ」に訂正しました' })).toBeVisible();
    await expect(page.getByRole('table', { name: '審査する回答' }).getByRole('row').filter({ hasText: '推進 I-i-1' })).toContainText('いいえ');
    await checkPage(page, '13-reviewer-corrected');
  });
});
