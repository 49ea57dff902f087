import { expect, type Page } from '@playwright/test';
import { checkPage } from '../support/check-page';

/** 開発用サインイン: pick a role and an organisation. */
export class SignInPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<this> {
    await this.page.goto('/app/sign-in');
    await expect(this.page.getByRole('heading', { level: 1, name: '開発用サインイン' })).toBeVisible();
    return this;
  }

  async check(name: string): Promise<void> {
    await checkPage(this.page, name);
  }

  async asInsurer(code: string): Promise<void> {
    await this.page.getByRole('radio', { name: '保険者（市町村）' }).check();
    await this.page.getByLabel('保険者番号（地方公共団体コード 6桁）').fill(code);
    await this.signIn();
  }

  async asPrefecture(code: string): Promise<void> {
    await this.page.getByRole('radio', { name: '都道府県' }).check();
    await this.page.getByRole('combobox', { name: '所属する都道府県' }).selectOption(code);
    await this.signIn();
  }

  /** With a user id of its own when given (a second administrator for 決裁). */
  async asNationalAdmin(userId?: string): Promise<void> {
    await this.page.getByRole('radio', { name: '国（管理者）' }).check();
    if (userId) await this.page.getByLabel('利用者 ID（任意）').fill(userId);
    await this.signIn();
  }

  async asNationalReviewer(): Promise<void> {
    await this.page.getByRole('radio', { name: '国（審査担当）' }).check();
    await this.signIn();
  }

  async asAuditor(): Promise<void> {
    await this.page.getByRole('radio', { name: '監査担当' }).check();
    await this.signIn();
  }

  private async signIn(): Promise<void> {
    await this.page.getByRole('button', { name: 'サインイン' }).click();
    await expect(this.page.getByTestId('signed-in-as')).toBeVisible();
  }
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'サインアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '開発用サインイン' })).toBeVisible();
}
