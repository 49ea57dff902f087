import { expect, type Page } from '@playwright/test';
import { checkPage } from '../support/check-page';

/** 市町村の提出状況: the prefecture's board. */
export class StatusBoardPage {
  constructor(private readonly page: Page) {}

  async expectOpen(prefectureName: string): Promise<this> {
    await expect(this.page.getByRole('heading', { level: 1, name: `${prefectureName} 市町村の提出状況` })).toBeVisible();
    await expect(this.page.getByRole('table', { name: '市町村の提出状況' })).toBeVisible();
    return this;
  }

  async check(name: string): Promise<void> {
    await checkPage(this.page, name);
  }

  row(name: string) {
    return this.page.getByRole('table', { name: '市町村の提出状況' }).getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  async search(text: string): Promise<void> {
    await this.page.getByLabel('保険者番号・保険者名で絞り込み').fill(text);
  }

  async filterStatus(label: string): Promise<void> {
    await this.page.getByLabel('状況で絞り込み').selectOption({ label });
  }

  async open(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name, exact: true }).click();
  }
}
