import { expect, test, type Page } from '@playwright/test';
import { WEB_TEST_PORT } from '../playwright.config';
import { fiscalYearLabel } from '../src/format/format';
import { SignInPage, signOut } from './pages/sign-in';
import { checkPage } from './support/check-page';
import { seedScoredYear } from './support/seed';

let fiscalYear: string;

test.beforeAll(async () => {
  fiscalYear = await seedScoredYear(`http://127.0.0.1:${WEB_TEST_PORT}`);
});

async function openCalculations(page: Page): Promise<void> {
  await page.getByRole('link', { name: fiscalYearLabel(fiscalYear) }).click();
  await page.getByRole('link', { name: /交付額の算定/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${fiscalYearLabel(fiscalYear)}の交付額の算定` })).toBeVisible();
}

async function confirm(page: Page, title: string, button: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: button }).click();
  await expect(dialog).toBeHidden();
}

test('two administrators: A runs trials and asks to finalize, cannot approve it; B sees exactly what is pending and approves', async ({ page }) => {
  // A: 試算 twice, compared side by side, then 起案 of the latest.
  await (await new SignInPage(page).open()).asNationalAdmin('sato');
  await expect(page.getByTestId('signed-in-as')).toContainText('sato');
  await openCalculations(page);
  await expect(page.getByText('まだ試算はありません。')).toBeVisible();
  await checkPage(page, '20-calculation-no-trial');
  await page.getByRole('button', { name: '試算を実行する' }).click();
  await confirm(page, '試算を実行しますか', '試算を実行する');
  await expect(page.getByRole('status').filter({ hasText: '試算 1 を実行しました' })).toBeVisible();
  await page.getByRole('button', { name: '試算を実行する' }).click();
  await confirm(page, '試算を実行しますか', '試算を実行する');
  await expect(page.getByRole('status').filter({ hasText: '試算 2 を実行しました' })).toBeVisible();
  await expect(page.getByRole('table', { name: '実行した試算' }).getByRole('row')).toHaveCount(1 + 2);
  // The same inputs twice: the comparison says that nothing changed, per pool in 千円.
  const totals = page.getByRole('table', { name: '交付金区分ごとの合計の比較（千円）' });
  await expect(totals.getByRole('row', { name: /推進・市町村分/ })).toContainText('±0千円');
  await expect(page.getByText('額が変わった交付先はありません')).toBeVisible();
  await checkPage(page, '21-calculation-trials-compared');

  await page.getByRole('button', { name: '試算 2 で確定を起案する' }).click();
  await confirm(page, '確定を起案しますか', '起案する');
  await expect(page.getByRole('status').filter({ hasText: '試算 2 の確定を起案しました' })).toBeVisible();
  await expect(page.getByText('この起案はあなたが行ったものです')).toBeVisible();

  // A cannot approve its own request: the service's refusal, in Japanese.
  await page.getByRole('button', { name: '試算 2 を決裁する' }).click();
  await confirm(page, '決裁しますか', '決裁する');
  await expect(page.getByRole('alert')).toContainText('起案者は自ら決裁できません。別の国の管理者が承認してください。');
  await expect(page.getByRole('alert')).not.toContainText('cannot approve');
  await checkPage(page, '22-calculation-own-approval-refused');
  await signOut(page);

  // B: the pending item exactly as A asked for it, then 決裁.
  await (await new SignInPage(page).open()).asNationalAdmin('suzuki');
  await openCalculations(page);
  const approval = page.getByRole('region', { name: '4. 決裁' });
  await expect(approval).toContainText('起案された試算試算 2');
  await expect(approval).toContainText('起案者sato');
  await expect(page.getByRole('table', { name: '決裁待ちの試算の区分別の額' }).getByRole('row')).toHaveCount(1 + 4);
  await expect(page.getByText('この起案はあなたが行ったものです')).toBeHidden();
  await checkPage(page, '23-calculation-pending-for-approver');
  await page.getByRole('button', { name: '試算 2 を決裁する' }).click();
  await confirm(page, '決裁しますか', '決裁する');
  await expect(page.getByRole('status').filter({ hasText: '起案: sato、決裁: suzuki' })).toBeVisible();
  await expect(page.getByText('決裁待ちの起案はありません。')).toBeVisible();
  await expect(page.locator('dl').first()).toContainText('現在有効な算定確定');

  // The 交付額一覧 of the finalized amounts, fetched with the token (it is not in a cookie).
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '交付額一覧（CSV・UTF-8）' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '交付額一覧（Excel）' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  await checkPage(page, '24-calculation-finalized');
});
