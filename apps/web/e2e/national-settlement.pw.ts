import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { WEB_TEST_PORT } from '../playwright.config';
import { fiscalYearLabel, jstInputInDays } from '../src/format/format';
import { fiscalYearOf } from '../src/years/fiscal-year-of';
import { YearBoardPage } from './pages/year-board';
import { SignInPage, signOut } from './pages/sign-in';
import { checkPage } from './support/check-page';
import { closeDeadlines, SeedApi, submitInFull } from './support/seed';
import { nationalFiguresCsv, registerCsv, requestAmounts, WALK_INSURERS } from './support/settlement-seed';

/**
 * A whole year under mhlw-fy2024-v1 on the national administrator's screens: opened from the years list, the register
 * and the national figures uploaded (a bad file first), 評価確定, a trial, 内示, the 所要見込額 window opened and closed,
 * 確定 with 追加交付 by two administrators, a score correction by two, the recalculation with its 返還, the reports and
 * the steps after it. The insurers' and 三重県's own work is done through the API.
 */
const fiscalYear = `FY${fiscalYearOf(new Date()) + 1}`;
const label = fiscalYearLabel(fiscalYear);
const baseUrl = `http://127.0.0.1:${WEB_TEST_PORT}`;
const api = new SeedApi(baseUrl);
const PREFECTURAL_FRAMEWORK = resolve(__dirname, '..', '..', '..', 'libs', 'domain', 'src', 'framework', 'fy2021-prefectural.json');

async function confirm(page: Page, title: string, button: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: button }).click();
  await expect(dialog).toBeHidden();
}

async function board(page: Page): Promise<YearBoardPage> {
  await page.goto(`/app/national/${fiscalYear}`);
  await expect(page.getByRole('heading', { level: 1, name: `${label}の状況` })).toBeVisible();
  return new YearBoardPage(page);
}

async function advance(page: Page, phaseLabel: string, first?: () => Promise<void>): Promise<void> {
  const year = await board(page);
  await first?.();
  await year.advanceTo(phaseLabel, `${phaseLabel}へ`);
  await expect(year.phase()).toHaveText(phaseLabel);
}

async function signInAs(page: Page, userId: string): Promise<void> {
  await (await new SignInPage(page).open()).asNationalAdmin(userId);
  await expect(page.getByTestId('signed-in-as')).toContainText(userId);
}

test.describe.configure({ timeout: 240_000 });

test('a settlement year, from its opening to the steps after the recalculation, on the national screens', async ({ page }) => {
  await signInAs(page, 'sato');

  // 年度の開始 from the years list.
  await page.getByRole('link', { name: '年度を開始する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '年度の開始' })).toBeVisible();
  await page.getByRole('button', { name: '内容を確認する' }).click();
  await expect(page.getByText('年度を選んでください。')).toBeVisible();
  await page.getByLabel('開始する年度').selectOption(fiscalYear);
  for (const [field, yen] of [['推進・市町村分（円）', '10,000,000'], ['推進・都道府県分（円）', '100000000'], ['支援・市町村分（円）', '20000000'], ['支援・都道府県分（円）', '100000000']]) {
    await page.getByLabel(field).fill(yen);
  }
  await page.getByLabel('保険者の提出期限（日本時間）').fill(jstInputInDays(10));
  await page.getByLabel('都道府県の提出期限（日本時間）').fill(jstInputInDays(20));
  await page.getByLabel('国の審査期限（日本時間）').fill(jstInputInDays(30));
  // The prefectural framework as a file of the ministry (here the shipped FY2021 one), the municipal one chosen.
  await page.getByRole('group', { name: '指標体系（都道府県分）' }).getByRole('radio', { name: 'ファイル（JSON）をアップロードする' }).check();
  await page.getByLabel('指標体系のファイル（都道府県分・JSON）').setInputFiles({ name: 'fy2021-prefectural.json', mimeType: 'application/json', buffer: readFileSync(PREFECTURAL_FRAMEWORK) });
  await expect(page.getByLabel('配分ルール')).toHaveValue('mhlw-fy2024-v1');
  await checkPage(page, '30-open-year');
  await page.getByRole('button', { name: '内容を確認する' }).click();
  const opening = page.getByRole('dialog', { name: '年度を開始しますか' });
  await expect(opening).toContainText('10,000,000円');
  await expect(opening).toContainText('mhlw-fy2024-v1');
  await expect(opening).toContainText('ファイル「fy2021-prefectural.json」');
  await confirm(page, '年度を開始しますか', '開始する');
  await expect(page.getByRole('heading', { level: 1, name: `${label}の状況` })).toBeVisible();

  // 保険者名簿: a bad file is refused line by line, then the right one goes in with its progress.
  await page.getByRole('link', { name: '名簿・国の数値の取込' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${label}の名簿・国の数値の取込` })).toBeVisible();
  const registerInput = page.getByLabel('保険者名簿', { exact: true });
  await registerInput.setInputFiles({ name: 'hokensha-bad.csv', mimeType: 'text/csv', buffer: Buffer.from('保険者番号,保険者名,第1号被保険者数\r\n242056,桑名市,10\r\n130001,=cmd|calc,-1\r\n') });
  await page.getByRole('button', { name: '保険者名簿を取り込む' }).click();
  await confirm(page, '保険者名簿を取り込みますか', '取り込む');
  const issues = page.getByRole('table', { name: '保険者名簿の誤り（行・列ごと）' });
  await expect(issues.getByRole('row')).toHaveCount(1 + 3);
  await expect(issues.getByRole('row').nth(1)).toContainText('2行目');
  await expect(issues.getByRole('row').nth(1)).toContainText('保険者番号');
  await expect(issues.getByRole('row').nth(3)).toContainText('第1号被保険者数');
  await checkPage(page, '31-register-refused');
  await registerInput.setInputFiles({ name: 'hokensha.csv', mimeType: 'text/csv', buffer: Buffer.from(registerCsv(WALK_INSURERS)) });
  await page.getByRole('button', { name: '保険者名簿を取り込む' }).click();
  await confirm(page, '保険者名簿を取り込みますか', '取り込む');
  await expect(page.getByRole('status').filter({ hasText: '取込が完了しました。6行を読み、6団体を登録・更新しました' })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: '保険者名簿の送信状況' })).toHaveAttribute('value', '100');

  // The offices answer; the deadlines are brought forward once all are in.
  await submitInFull(api, fiscalYear, WALK_INSURERS);
  await closeDeadlines(api, fiscalYear);
  await advance(page, '提出締切');

  // 国の数値 as a file, then 国の審査完了 and 評価確定 (scoring).
  await page.goto(`/app/national/${fiscalYear}/files`);
  await page.getByLabel('国の数値', { exact: true }).setInputFiles({ name: 'kuni-suuchi.csv', mimeType: 'text/csv', buffer: Buffer.from(await nationalFiguresCsv(api, fiscalYear)) });
  await page.getByRole('button', { name: '国の数値を取り込む' }).click();
  await confirm(page, '国の数値を取り込みますか', '取り込む');
  await expect(page.getByRole('status').filter({ hasText: /取込が完了しました。.*指標の数値を記録しました（CSV・縦持ち）/ })).toBeVisible();
  await checkPage(page, '32-files-imported');
  await advance(page, '国の審査完了');
  await advance(page, '評価確定');

  // 試算, 内示 from the board, then 内示済 and the 所要見込額 window with its date.
  await page.getByRole('link', { name: /交付額の算定/ }).click();
  await page.getByRole('button', { name: '試算を実行する' }).click();
  await confirm(page, '試算を実行しますか', '試算を実行する');
  await expect(page.getByRole('status').filter({ hasText: '試算 1 を実行しました' })).toBeVisible();
  await board(page);
  await page.getByRole('button', { name: '試算 1 を内示する' }).click();
  await confirm(page, '内示しますか', '内示する');
  await expect(page.getByRole('status').filter({ hasText: '試算 1 を内示しました' })).toBeVisible();
  await checkPage(page, '33-board-draft-published');
  await advance(page, '内示済');
  await advance(page, '所要見込額受付中', () => page.getByLabel('所要見込額の受付期限（日本時間）').fill(jstInputInDays(7)));

  // The requests received, against each 案.
  await requestAmounts(api, fiscalYear);
  await page.getByRole('link', { name: '所要見込額の受付状況' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${label}の所要見込額の受付状況` })).toBeVisible();
  const received = page.getByRole('table', { name: '団体ごとの案と所要見込額（千円）' });
  await expect(received.getByRole('row')).toHaveCount(1 + 3);
  await expect(received.getByRole('row', { name: new RegExp(WALK_INSURERS[2].name) })).toContainText('−1,000千円');
  await expect(received.getByRole('row', { name: /三重県/ })).toContainText('−500千円');
  const totals = page.getByRole('table', { name: '交付金区分ごとの案と所要見込額（千円）' });
  await expect(totals.getByRole('row', { name: /推進・市町村分/ })).toContainText('2,000千円');
  await checkPage(page, '34-requests-received');
  await advance(page, '所要見込額締切');

  // 確定 with 追加交付: sato asks (the settlement), suzuki approves with Σ案 and Σ追加交付 in view.
  await page.getByRole('link', { name: /交付額の算定/ }).click();
  await page.getByRole('button', { name: '所要見込額で精算して確定を起案する' }).click();
  await confirm(page, '確定を起案しますか', '起案する');
  await expect(page.getByRole('status').filter({ hasText: '所要見込額で精算した試算 2 の確定を起案しました' })).toBeVisible();
  await signOut(page);
  await signInAs(page, 'suzuki');
  await page.goto(`/app/national/${fiscalYear}/calculations`);
  const pending = page.getByRole('table', { name: '決裁待ちの試算の区分別の額' });
  await expect(pending.getByRole('columnheader', { name: 'Σ追加交付' })).toBeVisible();
  await expect(pending.getByRole('row')).toHaveCount(1 + 4);
  await expect(pending.getByRole('row', { name: /推進・市町村分/ })).not.toContainText('—');
  await checkPage(page, '35-settlement-pending');
  await page.getByRole('button', { name: '試算 2 を決裁する' }).click();
  await confirm(page, '決裁しますか', '決裁する');
  await expect(page.getByRole('status').filter({ hasText: '起案: sato、決裁: suzuki' })).toBeVisible();
  await advance(page, '交付額確定');

  // A score correction: suzuki asks, sato approves and recalculates; 返還 appears.
  await page.getByRole('link', { name: '得点の訂正と再算定' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${label}の得点の訂正と再算定` })).toBeVisible();
  await page.getByLabel('団体').selectOption(WALK_INSURERS[0].code);
  await page.getByLabel('訂正後の得点').fill('0');
  await page.getByLabel('訂正の理由').fill('監査で根拠資料の不備が判明したため。');
  await page.getByRole('button', { name: '訂正を起案する' }).click();
  await confirm(page, '得点の訂正を起案しますか', '起案する');
  await expect(page.getByRole('status').filter({ hasText: '訂正 1:' })).toBeVisible();
  await expect(page.getByText('あなたの起案です。別の管理者が承認します。')).toBeVisible();
  await checkPage(page, '36-correction-requested');
  await signOut(page);
  await signInAs(page, 'sato');
  await page.goto(`/app/national/${fiscalYear}/corrections`);
  await page.getByRole('button', { name: '訂正 1 を承認する' }).click();
  await confirm(page, '訂正を承認しますか', '承認する');
  await expect(page.getByRole('status').filter({ hasText: '訂正 1（' })).toBeVisible();
  await page.getByRole('button', { name: '再算定を実行する' }).click();
  await confirm(page, '再算定を実行しますか', '再算定する');
  await expect(page.getByRole('status').filter({ hasText: '再算定 1 を記録しました' })).toBeVisible();
  const differences = page.getByRole('table', { name: '返還・追加交付の一覧（千円）' });
  await expect(differences.getByRole('row', { name: new RegExp(WALK_INSURERS[0].name) }).first()).toContainText('返還');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '交付額一覧（CSV・UTF-8）' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '交付額一覧（Excel）' }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  await checkPage(page, '37-recalculated');

  // 交付申請 → 交付決定 → 実績報告 → 額の確定 → 返還, each with its date and reason.
  await board(page);
  for (const step of ['交付申請', '交付決定', '実績報告', '額の確定', '返還']) {
    // Each step has a fresh form once the previous one is recorded.
    await expect(page.getByRole('button', { name: `${step}を記録する` })).toBeVisible();
    await page.getByLabel('理由・文書番号').fill(`${step}: 老発第${step.length}号`);
    await page.getByRole('button', { name: `${step}を記録する` }).click();
    await confirm(page, `${step}を記録しますか`, '記録する');
    await expect(page.getByRole('table', { name: '記録した手続' }).getByRole('row', { name: new RegExp(step) })).toContainText('sato');
  }
  await expect(page.getByRole('table', { name: '記録した手続' }).getByRole('row')).toHaveCount(1 + 5);
  await expect(page.getByText('この年度は最後の段階です。')).toBeVisible();
  await checkPage(page, '38-grant-steps');
});
