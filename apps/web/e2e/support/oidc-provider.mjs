// An OpenID Connect provider for the browser tests: the `oidc-provider` package (certified, the one many real
// providers are built on) with its own login and consent pages, run as a child process of a test (oidc.ts).
// Usage: node oidc-provider.mjs <port> <redirect uri> <post-logout redirect uri> <client secret>; prints
// "READY <issuer>" once listening.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [port, redirectUri, afterLogout, clientSecret] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

/** The people the provider knows: their product role and organisation claims. Any other login has neither. */
const ACCOUNTS = {
  'mie-tanaka': { grants_role: 'prefecture', organisation_code: '24' },
  'kuwana-ito': { grants_role: 'insurer', organisation_code: '242055' },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'grants-web',
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [afterLogout],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  scopes: ['openid', 'grants'],
  claims: { openid: ['sub'], grants: ['grants_role', 'organisation_code'] },
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...(ACCOUNTS[id] ?? {}) }) }),
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'browser-test', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: ['browser-test-cookie-key-not-a-secret'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
});
const server = provider.listen(Number(port), '127.0.0.1', () => console.log(`READY ${issuer}`));
process.stdin.on('data', () => server.close(() => process.exit(0)));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
