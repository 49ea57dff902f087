import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { JWKS_REFETCH_MILLIS, JWKS_TTL_MILLIS, JwksCache, keysOf } from './jwks';

const jwk = (key: KeyObject, kid: string, extra: object = {}) => ({ ...key.export({ format: 'jwk' }), kid, ...extra });

describe('the JWKS of an identity provider', () => {
  const ed = generateKeyPairSync('ed25519').publicKey;
  const rotated = generateKeyPairSync('ed25519').publicKey;
  let keys: object[] = [];
  let fetches = 0;
  let failing = false;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      fetches++;
      if (failing) res.statusCode = 500;
      res.end(failing ? 'database down' : JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  it('keeps RSA ≥ 2048 and Ed25519 signing keys with a kid, and skips the rest', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const found = keysOf({ keys: [jwk(ed, 'a'), jwk(rsa, 'b'), jwk(small, 'c'), jwk(ec, 'd'), jwk(ed, 'e', { use: 'enc' }), jwk(ed, 'f', { alg: 'HS256' }), { ...jwk(ed, 'x'), kid: undefined }] });
    expect([...found.keys()]).toEqual(['a', 'b']);
    expect(() => keysOf({})).toThrow(/keys/);
  });

  it('fetches on first need, picks up a rotated kid after the refetch interval, and refetches after the TTL', async () => {
    let clock = 1_000_000;
    const cache = new JwksCache(url, () => clock);
    keys = [jwk(ed, 'k1')];
    await cache.prepare('k1');
    expect([fetches, cache.key('k1') !== undefined]).toEqual([1, true]);
    keys = [jwk(ed, 'k1'), jwk(rotated, 'k2')];
    await cache.prepare('k2');
    expect([fetches, cache.key('k2')]).toEqual([1, undefined]);
    clock += JWKS_REFETCH_MILLIS;
    await Promise.all([cache.prepare('k2'), cache.prepare('k2')]);
    expect([fetches, cache.key('k2') !== undefined]).toEqual([2, true]);
    clock += JWKS_TTL_MILLIS;
    await cache.prepare('k1');
    expect(fetches).toBe(3);
  });

  it('keeps the known keys when a fetch fails', async () => {
    let clock = 0;
    const cache = new JwksCache(url, () => clock);
    keys = [jwk(ed, 'k1')];
    await cache.prepare('k1');
    clock += JWKS_TTL_MILLIS;
    failing = true;
    const before = fetches;
    await cache.prepare('k1');
    failing = false;
    expect([fetches - before, cache.key('k1') !== undefined]).toEqual([1, true]);
  });
});
