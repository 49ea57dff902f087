import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidConfigError, loadConfig } from './app-config';
import { withSecretFiles } from './secret-files';

describe('withSecretFiles (compose secrets: <NAME>_FILE)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads DATABASE_URL, MIGRATION_DATABASE_URL and JWT_SECRET from files, without the trailing line break', () => {
    const secret = randomBytes(32).toString('base64'); // a production-strength secret
    writeFileSync(join(dir, 'jwt'), `${secret}\n`);
    writeFileSync(join(dir, 'app'), 'postgres://grants_app:pw@db:5432/grants\n');
    writeFileSync(join(dir, 'owner'), 'postgres://grants_owner:pw@db:5432/grants');
    const env = withSecretFiles({
      NODE_ENV: 'production',
      JWT_MAX_TTL_SECONDS: '900',
      JWT_SECRET_FILE: join(dir, 'jwt'),
      DATABASE_URL_FILE: join(dir, 'app'),
      MIGRATION_DATABASE_URL_FILE: join(dir, 'owner'),
    });
    const config = loadConfig(env);
    expect(config.JWT_SECRET).toBe(secret);
    expect(config.DATABASE_URL).toBe('postgres://grants_app:pw@db:5432/grants');
    expect(config.MIGRATION_DATABASE_URL).toBe('postgres://grants_owner:pw@db:5432/grants');
  });

  it('refuses a variable given both inline and as a file, and a file it cannot read, naming the variable only', () => {
    const attempt = () => withSecretFiles({ JWT_SECRET: 'x'.repeat(40), JWT_SECRET_FILE: join(dir, 'jwt'), DATABASE_URL_FILE: join(dir, 'missing') });
    expect(attempt).toThrow(InvalidConfigError);
    expect(attempt).toThrow(/JWT_SECRET_FILE: JWT_SECRET is set as well/);
    expect(attempt).toThrow(/DATABASE_URL_FILE: cannot read .*missing \(ENOENT\)/);
  });
});

describe('MIGRATION_DATABASE_URL', () => {
  it('is refused without DATABASE_URL: the embedded PostgreSQL sets up its own owner and app role', () => {
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://grants_owner@db:5432/grants' })).toThrow(/MIGRATION_DATABASE_URL: needs DATABASE_URL/);
  });

  it('is refused when it is not a postgres URL, and APP_DATABASE_ROLE when it is not a role name', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'postgres://grants_app@db/grants', MIGRATION_DATABASE_URL: 'mysql://x', APP_DATABASE_ROLE: 'app; DROP' });
    expect(attempt).toThrow(/MIGRATION_DATABASE_URL must be a postgres/);
    expect(attempt).toThrow(/APP_DATABASE_ROLE must be a PostgreSQL role name/);
  });
});
