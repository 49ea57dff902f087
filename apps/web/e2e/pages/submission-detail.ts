import { expect, type Page } from '@playwright/test';
import { checkPage } from '../support/check-page';

/** One municipality's self-evaluation as the prefecture sees it. */
export class SubmissionDetailPage {
  constructor(private readonly page: Page) {}

  async expectOpen(name: string): Promise<this> {
    await expect(this.page.getByRole('heading', { level: 1, name: new RegExp(`^${name}`) })).toBeVisible();
    await expect(this.page.getByRole('table', { name: '指標ごとの回答' })).toBeVisible();
    return this;
  }

  async check(name: string): Promise<void> {
    await checkPage(this.page, name);
  }

  /** 差戻し with a reason; the reopening date stays the default (two weeks, 17:00 JST). */
  async sendBack(reason: string): Promise<void> {
    await this.page.getByLabel(/差戻しの理由/).fill(reason);
    await this.page.getByRole('button', { name: '差戻す' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'この自己評価を差し戻しますか' });
    await expect(dialog).toContainText(reason);
    await dialog.getByRole('button', { name: '差戻す' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: '差戻しました' })).toBeVisible();
  }
}
