import { defineConfig } from '@playwright/test';

/** The service the browser tests start (global-setup.ts): the built API, serving the built web app, on its own port. */
export const WEB_TEST_PORT = Number(process.env.WEB_TEST_PORT ?? 3107);
/** The OpenID Connect provider a sign-in test starts (e2e/support/oidc.ts): WEB_TEST_OIDC_PORT, else ten above the service's. */
export const WEB_TEST_OIDC_PORT = Number(process.env.WEB_TEST_OIDC_PORT ?? WEB_TEST_PORT + 10);

/**
 * Browser tests of the web app on the real service and a real PostgreSQL (a fresh database per run). Debian's
 * chromium drives them (`apt-get install chromium`; CHROMIUM_PATH to use another). Run after `npm run build`
 * (`npm test` does both).
 */
export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.pw.ts',
  outputDir: '../../test-results/web',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${WEB_TEST_PORT}`,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
