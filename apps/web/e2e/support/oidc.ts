import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { WEB_TEST_OIDC_PORT, WEB_TEST_PORT } from '../../playwright.config';

/** The client the service is registered as at the browser tests' provider (global-setup.ts gives the service these). */
export const OIDC_TEST_CLIENT = {
  issuer: `http://127.0.0.1:${WEB_TEST_OIDC_PORT}`,
  clientId: 'grants-web',
  clientSecret: 'browser-test-client-secret-not-for-production',
  redirectUri: `http://127.0.0.1:${WEB_TEST_PORT}/auth/oidc/callback`,
  afterLogout: `http://127.0.0.1:${WEB_TEST_PORT}/app/sign-in`,
} as const;

/** The service's settings for that provider (OIDC_SCOPES asks for the role and organisation claims). */
export const OIDC_TEST_ENV: Record<string, string> = {
  OIDC_ISSUER: OIDC_TEST_CLIENT.issuer,
  OIDC_CLIENT_ID: OIDC_TEST_CLIENT.clientId,
  OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT.clientSecret,
  OIDC_REDIRECT_URI: OIDC_TEST_CLIENT.redirectUri,
  OIDC_POST_LOGOUT_REDIRECT_URI: OIDC_TEST_CLIENT.afterLogout,
  OIDC_SCOPES: 'openid grants',
};

/** Starts the provider (support/oidc-provider.mjs, the `oidc-provider` package) and returns how to stop it. */
export async function startOidcProvider(): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [resolve(__dirname, 'oidc-provider.mjs'), String(WEB_TEST_OIDC_PORT), OIDC_TEST_CLIENT.redirectUri, OIDC_TEST_CLIENT.afterLogout, OIDC_TEST_CLIENT.clientSecret], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // The package warns that it runs with its quick-start settings (in-memory store, built-in pages): as intended here.
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!line.startsWith('oidc-provider WARNING')) process.stderr.write(`${line}\n`);
  });
  await new Promise<void>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the OIDC provider exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('READY ')) done();
    });
  });
  return {
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.stdin!.write('stop\n');
      }),
  };
}
