import { expect, type Page } from '@playwright/test';
import { checkPage } from '../support/check-page';

/** 自己評価（調査票）: one fieldset per indicator. */
export class SelfEvaluationPage {
  constructor(private readonly page: Page) {}

  async expectOpen(): Promise<this> {
    await expect(this.page.getByRole('heading', { level: 1, name: /自己評価（調査票）/ })).toBeVisible();
    return this;
  }

  async check(name: string): Promise<void> {
    await checkPage(this.page, name);
  }

  private questions() {
    return this.page.locator('form fieldset');
  }

  /** Answers the first `count` unanswered questions (or all) with their first choice. */
  async answer(count?: number): Promise<void> {
    const questions = this.questions();
    const total = await questions.count();
    let answered = 0;
    for (let i = 0; i < total && (count === undefined || answered < count); i++) {
      const question = questions.nth(i);
      const inputs = question.locator('input');
      if ((await question.locator('input:checked').count()) > 0) continue;
      await inputs.first().check();
      answered++;
    }
  }

  async saveDraft(): Promise<void> {
    await this.page.getByRole('button', { name: '一時保存' }).click();
    await expect(this.page.getByRole('status').filter({ hasText: '一時保存しました' })).toBeVisible();
  }

  async expectMissing(count: number): Promise<void> {
    await expect(this.page.getByTestId('completeness')).toContainText(`未回答の指標が ${count} 件あります`);
  }

  async submit(label: '提出する' | '再提出する' = '提出する'): Promise<void> {
    await expect(this.page.getByTestId('completeness')).toContainText('すべての指標に回答しました');
    await this.page.getByRole('button', { name: label }).click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: label }).click();
    await expect(this.page.getByRole('status').filter({ hasText: '提出済みです' })).toBeVisible();
  }
}
