import { expect, type Page } from '@playwright/test';
import { checkPage } from '../support/check-page';

/** The national administrator's years list and one year's board. */
export class YearBoardPage {
  constructor(private readonly page: Page) {}

  async check(name: string): Promise<void> {
    await checkPage(this.page, name);
  }

  async openYear(label: RegExp): Promise<void> {
    await expect(this.page.getByRole('heading', { level: 1, name: '年度一覧' })).toBeVisible();
    await this.page.getByRole('link', { name: label }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: /の状況$/ })).toBeVisible();
  }

  phase() {
    return this.page.locator('dd strong');
  }

  async advanceTo(phaseLabel: string, reason: string): Promise<void> {
    await this.page.getByLabel(/理由（任意/).fill(reason);
    await this.page.getByRole('button', { name: `「${phaseLabel}」に進める` }).click();
    const dialog = this.page.getByRole('dialog', { name: `「${phaseLabel}」に進めますか` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: '進める' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: '段階を進めました' })).toBeVisible();
  }
}
