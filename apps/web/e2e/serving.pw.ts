import { expect, test } from '@playwright/test';

/** The API serves the app at / and /app/…, and nothing else of the API changes. */
test('the app is served at / and at its own routes; API paths stay the API’s', async ({ request }) => {
  const root = await request.get('/');
  expect(root.headers()['content-type']).toMatch(/text\/html/);
  expect(await root.text()).toContain('<html lang="ja">');
  const deep = await request.get('/app/prefecture/FY2024/submissions/242055');
  expect(deep.status()).toBe(200);
  expect(deep.headers()['content-type']).toMatch(/text\/html/);

  const unknown = await request.get('/fiscal-years/FY2024/no-such-route');
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['content-type']).toMatch(/application\/json/);
  expect((await request.get('/health')).ok()).toBe(true);
  expect((await request.get('/docs-json')).headers()['content-type']).toMatch(/application\/json/);
  const unauthenticated = await request.get('/auth/me');
  expect(unauthenticated.status()).toBe(401);
  expect((await unauthenticated.json()).code).toBe('AUTH.UNAUTHENTICATED');
});
