import { expect, test } from '@playwright/test';
import { SignInPage } from './pages/sign-in';
import { checkPage } from './support/check-page';
import { MIE } from './support/seed';

test('the auditor verifies the chain, replays the year and reads a municipality’s history', async ({ page }) => {
  await (await new SignInPage(page).open()).asAuditor();
  await expect(page.getByRole('heading', { level: 1, name: '監査' })).toBeVisible();

  await page.getByRole('button', { name: '検証する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '改ざんは検出されませんでした' })).toBeVisible();
  await expect(page.getByRole('table', { name: '年度ごとのダイジェスト' }).getByRole('row')).toHaveCount(1 + 2);

  await page.getByRole('button', { name: '照合する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '記録どおりに再現できました' })).toBeVisible();

  const tsu = MIE.find((m) => m.name === '津市')!;
  await page.getByLabel('保険者番号（6桁）または都道府県コード（2桁）').fill(tsu.code);
  await page.getByRole('button', { name: '表示する' }).click();
  const timeline = page.getByRole('table', { name: '変更の経緯' });
  await expect(timeline).toContainText('提出');
  await expect(timeline).toContainText(`保険者（市町村）（dev-insurer-${tsu.code}）`);
  await checkPage(page, '11-auditor');
});
