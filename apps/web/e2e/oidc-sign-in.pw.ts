import { expect, test, type Page } from '@playwright/test';
import { StatusBoardPage } from './pages/status-board';
import { checkPage } from './support/check-page';
import { OIDC_TEST_CLIENT, startOidcProvider } from './support/oidc';

const SIGN_IN_BUTTON = 'ログイン（GビズID 等の認証基盤）';
/** Three base64url parts: what a JWT (ID token, access token) looks like wherever it appears. */
const JWT = /eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/;

/** Signs in at the provider's own pages (oidc-provider's login and consent screens) as `login`. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByRole('link', { name: SIGN_IN_BUTTON }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC_TEST_CLIENT.issuer}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * Sign-in through OpenID Connect against a real provider (the `oidc-provider` package, started here): the service
 * redirects to it, the person signs in and consents on its pages, and comes back signed in by an HttpOnly session
 * cookie; no token ever reaches the page, its storage or any answer it reads.
 */
test.describe.serial('sign-in through the identity provider (OpenID Connect)', () => {
  let provider: { stop(): Promise<void> };
  test.beforeAll(async () => {
    provider = await startOidcProvider();
  });
  test.afterAll(async () => {
    await provider?.stop();
  });

  test('a prefecture user signs in at the provider, lands on their board, reads it, and signs out here and there', async ({ page, context }) => {
    // Every answer of the service the page reads (redirects have no readable body).
    const answers: Promise<string>[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`${new URL(OIDC_TEST_CLIENT.redirectUri).origin}/`) && response.status() < 300) answers.push(response.text().catch(() => ''));
    });
    await page.goto('/app/sign-in');
    await expect(page.getByRole('link', { name: SIGN_IN_BUTTON })).toBeVisible();
    await checkPage(page, 'oidc-01-sign-in');
    await signInAtProvider(page, 'mie-tanaka');

    const board = await new StatusBoardPage(page).expectOpen('三重県');
    await expect(page).toHaveURL(/\/app\/prefecture\/FY\d{4}$/);
    await expect(page.getByTestId('signed-in-as')).toContainText('利用者 ID: mie-tanaka');
    await expect(page.getByRole('table', { name: '市町村の提出状況' }).getByRole('row')).toHaveCount(1 + 29);
    await board.check('oidc-02-prefecture-board');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'grants-session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const stored = await page.evaluate(() => ({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    expect(stored).toEqual({ local: {}, session: {}, cookie: '' });
    const bodies = (await Promise.all(answers)).join('\n');
    expect(bodies).toContain('"signedIn":true');
    expect(bodies).not.toMatch(JWT);
    expect(bodies).not.toContain(session!.value);

    // Signing out ends the session here, then at the provider (its own confirmation page), and comes back.
    await page.getByRole('button', { name: 'サインアウト' }).click();
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(/\/app\/sign-in$/);
    await expect(page.getByRole('link', { name: SIGN_IN_BUTTON })).toBeVisible();
    expect((await context.cookies()).some((c) => c.name === 'grants-session')).toBe(false);
    await page.goto('/app/prefecture');
    await expect(page).toHaveURL(/\/app\/sign-in$/);
    // The provider asks for the password again: nobody at this PC is still signed in there.
    await page.getByRole('link', { name: SIGN_IN_BUTTON }).click();
    await expect(page.locator('input[name="password"]')).toBeVisible();
  });

  test('an account without a role of this service comes back to the sign-in page with an explanation in Japanese', async ({ page }) => {
    await page.goto('/app/sign-in');
    await signInAtProvider(page, 'someone-else');
    await expect(page).toHaveURL(/\/app\/sign-in\?error=AUTH\.OIDC_ROLE_UNKNOWN$/);
    const notice = page.getByRole('alert').filter({ hasText: 'ログインできませんでした' });
    await expect(notice).toContainText('役割が登録されていません');
    await expect(notice).toContainText('エラーコード: AUTH.OIDC_ROLE_UNKNOWN');
    await checkPage(page, 'oidc-03-role-unknown');
  });
});
