import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Screenshots of every page the walks visit, kept as test output (git-ignored). */
export const SCREENSHOTS = resolve(__dirname, '..', '..', '..', '..', '.data', 'screenshots');

/**
 * Every page a walk visits: no serious or critical accessibility violation (axe-core, WCAG 2.1 A/AA), and a
 * full-page screenshot named after the step.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await expect(page.locator('h1')).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  expect(serious, `accessibility violations on ${name}`).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
  // What the user sees first, readable where the full page is long (the self-evaluation form).
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.first-screen.png`) });
}
