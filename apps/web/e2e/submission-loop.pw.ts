import { expect, test } from '@playwright/test';
import { SelfEvaluationPage } from './pages/self-evaluation';
import { SignInPage, signOut } from './pages/sign-in';
import { StatusBoardPage } from './pages/status-board';
import { SubmissionDetailPage } from './pages/submission-detail';
import { jstInputInDays, jstInputToIso, warekiDateTime } from '../src/format/format';
import { checkPage } from './support/check-page';
import { KUWANA } from './support/seed';

const REASON = '指標 I(1)① の根拠資料（介護保険事業計画の該当ページ）を添付のうえ、再提出してください。';

/**
 * 桑名市 answers and submits its self-evaluation; 三重県 sees it, sends it back with a reason; 桑名市 sees the
 * notice and resubmits; 三重県 sees it submitted again. One browser session, signing in and out as each would.
 */
test.describe.serial('the 差戻し loop between an insurer and its prefecture', () => {
  test('the insurer saves a draft, completes every indicator and submits', async ({ page }) => {
    const signIn = await new SignInPage(page).open();
    await signIn.check('01-sign-in');
    await signIn.asInsurer(KUWANA.code);
    const form = await new SelfEvaluationPage(page).expectOpen();
    await form.answer(3);
    await form.saveDraft();
    const total = await page.locator('form fieldset').count();
    await form.expectMissing(total - 3);
    await form.check('02-insurer-draft-saved');
    await form.answer();
    await form.submit();
    await form.check('03-insurer-submitted');
    await signOut(page);
  });

  test('the prefecture finds it submitted on its board and sends it back with a reason', async ({ page }) => {
    await (await new SignInPage(page).open()).asPrefecture('24');
    const board = await new StatusBoardPage(page).expectOpen('三重県');
    await expect(page.getByRole('table', { name: '市町村の提出状況' }).getByRole('row')).toHaveCount(1 + 29);
    await expect(board.row('岡崎市')).toHaveCount(0);
    await expect(page.getByTestId('count-submitted')).toHaveText('3件');
    await board.check('04-prefecture-board');
    await board.filterStatus('提出済み');
    await board.search('桑名');
    await expect(board.row('桑名市')).toContainText('提出済み');
    await board.open('桑名市');
    const detail = await new SubmissionDetailPage(page).expectOpen('桑名市');
    await detail.check('05-prefecture-submission');
    await detail.sendBack(REASON);
    await expect(page.getByRole('table', { name: 'この自己評価の履歴' })).toContainText(REASON);
    await detail.check('06-prefecture-sent-back');
    await page.getByRole('link', { name: '← 市町村の提出状況に戻る' }).click();
    await board.expectOpen('三重県');
    await board.search('桑名');
    await expect(board.row('桑名市')).toContainText('差戻し');
    await signOut(page);
  });

  test('the insurer sees the 差戻し notice with the reason and resubmits', async ({ page }) => {
    await (await new SignInPage(page).open()).asInsurer(KUWANA.code);
    const form = await new SelfEvaluationPage(page).expectOpen();
    const notice = page.getByRole('status').filter({ hasText: '都道府県から差し戻されました' });
    await expect(notice).toContainText(REASON);
    // Until when, as the prefecture set it (two weeks ahead, 17:00 JST by default), in 和暦.
    await expect(page.getByTestId('reopen-until')).toHaveText(`再提出期限: ${warekiDateTime(jstInputToIso(jstInputInDays(14)))}（日本時間）`);
    await form.check('07-insurer-returned');
    await form.submit('再提出する');
    await page.getByRole('link', { name: '評価結果・交付額' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /評価結果・交付額/ })).toBeVisible();
    // This year's (other walks may have finalized earlier years with 桑名市 in them, shown first).
    await page.getByLabel('年度', { exact: true }).selectOption(process.env.WEB_TEST_FISCAL_YEAR!);
    await expect(page.getByText('評価結果はまだありません')).toBeVisible();
    await expect(page.getByText('内示はまだです')).toBeVisible();
    await checkPage(page, '07b-insurer-result');
    await signOut(page);
  });

  test('the prefecture sees it submitted again, once returned', async ({ page }) => {
    await (await new SignInPage(page).open()).asPrefecture('24');
    const board = await new StatusBoardPage(page).expectOpen('三重県');
    await board.search('桑名');
    await expect(board.row('桑名市')).toContainText('提出済み');
    await expect(board.row('桑名市')).toContainText('1回');
  });
});
