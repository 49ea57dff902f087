import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { WEB_TEST_PORT } from '../playwright.config';
import { fiscalYearLabel } from '../src/format/format';
import { fiscalYearOf } from '../src/years/fiscal-year-of';
import { SignInPage } from './pages/sign-in';
import { checkPage } from './support/check-page';
import { MIE, seedScoredYear } from './support/seed';

/*
 * The auditor's walk. It runs after the other walks (files run in name order, one worker): the scored year it seeds
 * would otherwise be the year an insurer's result page shows in submission-loop.pw.ts.
 */
const base = `http://127.0.0.1:${WEB_TEST_PORT}`;
/** A year of its own (three back), scored, with two 試算, so that the diff has calculations to compare. */
const calculatedYear = `FY${fiscalYearOf(new Date()) - 3}`;
const tsu = MIE.find((m) => m.name === '津市')!;

test.beforeAll(async () => {
  await seedScoredYear(base, calculatedYear);
  const { token } = (await (await fetch(`${base}/auth/dev-token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'national-admin', org: 'MHLW' }) })).json()) as { token: string };
  for (let trial = 1; trial <= 2; trial += 1) {
    const response = await fetch(`${base}/fiscal-years/${calculatedYear}/calculations/trials`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(response.status, await response.clone().text()).toBe(201);
  }
});

async function menu(page: Page, item: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'メニュー' }).getByRole('link', { name: item }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('the auditor verifies the chain, replays a year, reads a history, looks at a moment, compares two calculations and exports the log', async ({ page }) => {
  await (await new SignInPage(page).open()).asAuditor();
  await expect(page.getByRole('heading', { level: 1, name: '監査' })).toBeVisible();

  // The chain and the signed checkpoints (signed at every phase change of the seeded years).
  await expect(page.getByTestId('checkpoints').getByRole('row').nth(1)).toBeVisible();
  await page.getByRole('button', { name: '検証する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '改ざんは検出されませんでした' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '署名済みチェックポイントと一致しました' })).toBeVisible();
  await expect(page.getByTestId('chain-digest')).toHaveText(/^\d+:[0-9a-f]{64}$/);
  await expect(page.getByRole('table', { name: '年度ごとのダイジェスト' }).getByRole('row').filter({ hasText: fiscalYearLabel(calculatedYear) })).toHaveCount(1);
  await checkPage(page, '11-auditor-chain');

  await menu(page, '再計算の照合', '再計算による照合（リプレイ）');
  await page.getByLabel('対象の年度').selectOption(calculatedYear);
  await page.getByRole('button', { name: '照合する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '記録どおりに再現できました' })).toBeVisible();
  await expect(page.getByTestId('replay-mismatches')).toContainText('食い違いはありません');
  await checkPage(page, '12-auditor-replay');

  // 津市's history of the year two back: who, in which role, when (JST), why, before → after.
  await menu(page, '変更の経緯', '変更の経緯（タイムライン）');
  await page.getByLabel('対象の年度').selectOption(calculatedYear);
  await page.getByLabel('保険者番号（6桁）または都道府県コード（2桁）').fill(tsu.code);
  await page.getByRole('button', { name: '表示する' }).click();
  const timeline = page.getByRole('table', { name: '変更の経緯' });
  const submitted = timeline.getByRole('row').filter({ hasText: '下書き → 提出済み' }).first();
  await expect(submitted).toContainText('提出');
  await expect(submitted).toContainText(`保険者（市町村）（dev-insurer-${tsu.code}）`);
  await checkPage(page, '13-auditor-timeline');

  // As of just after the submission: submitted, not yet scored; the score is there now.
  await submitted.getByRole('link', { name: /この時点/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ある時点の状態' })).toBeVisible();
  const view = page.getByRole('table', { name: 'その時点の状態' });
  await expect(view.getByRole('row').filter({ hasText: '提出の状況' })).toContainText('提出済み');
  await expect(view.getByRole('row').filter({ hasText: '得点 合計' })).toContainText('変更あり');
  await checkPage(page, '14-auditor-as-of');

  // Every page as of that moment: the banner says so, the year list shows the year still open; then back to now.
  await page.getByRole('button', { name: /で各画面を表示する/ }).click();
  await expect(page.getByTestId('as-of-banner')).toBeVisible();
  await expect(view.getByRole('row').filter({ hasText: '得点 合計' })).toContainText('変更あり'); // 現在 still reads the present
  await menu(page, '年度一覧', /年度/);
  await expect(page.getByTestId('as-of-banner')).toContainText('記録の位置');
  await checkPage(page, '15-auditor-as-of-years');
  await page.getByRole('button', { name: '現在の表示に戻す' }).click();
  await expect(page.getByTestId('as-of-banner')).toBeHidden();

  // Trial 1 against the calculation in force (trial 2) in 千円, every recipient shown.
  await menu(page, '算定の比較', '算定の比較');
  await page.getByLabel('対象の年度').selectOption(calculatedYear);
  await expect(page.getByLabel('比較元')).toHaveValue('trial:1');
  await expect(page.getByLabel('比較先')).toHaveValue('in-force');
  await expect(page.getByTestId('diff-pools').getByRole('row')).toHaveCount(1 + 4);
  await expect(page.getByTestId('diff-pools')).toContainText('千円');
  await page.getByLabel('差のない団体も表示する').check();
  await expect(page.getByRole('table', { name: '団体ごとの差' })).toContainText(tsu.name);
  await checkPage(page, '16-auditor-diff');

  // The year's events as NDJSON, closed by the trailer.
  await menu(page, '記録の書出し', '記録の書出し');
  await page.getByLabel('書き出す範囲').selectOption({ label: `${fiscalYearLabel(calculatedYear)}の記録のみ` });
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'ダウンロード' }).click()]);
  expect(file.suggestedFilename()).toBe(`events-${calculatedYear}.ndjson`);
  const lines = readFileSync(await file.path(), 'utf8').trimEnd().split('\n');
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ trailer: true, events: lines.length - 1, fiscalYear: calculatedYear });
  await expect(page.getByRole('status').filter({ hasText: '書き出しました' })).toBeVisible();
  await checkPage(page, '17-auditor-export');
});
