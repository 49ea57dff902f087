import { verifyToken } from '../../api/src/auth/tokens';
import { loadConfig } from '../../api/src/config/app-config';
import { EXIT_OK, EXIT_USAGE, run } from './main';

function cli(argv: string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run(argv, env, (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the development CLI', () => {
  it.each<[string[], object]>([
    [['token', '--role', 'national-admin', '--org', 'MHLW'], { actorId: 'national-admin-MHLW', role: 'national-admin', organisationCode: 'MHLW' }],
    [['token', '--role', 'auditor', '--org', 'MHLW', '--sub', 'kansa-1'], { actorId: 'kansa-1', role: 'auditor', organisationCode: 'MHLW' }],
    [['token', '--role=prefecture', '--org=47'], { role: 'prefecture', organisationCode: '47', prefectureCode: '47' }],
    [['token', '--role', 'insurer', '--org', '242055', '--ttl', '3600'], { role: 'insurer', organisationCode: '242055', prefectureCode: '24' }],
  ])('prints a token the API accepts: %j', (argv, actor) => {
    const { code, out, err } = cli(argv);
    expect({ code, err }).toEqual({ code: EXIT_OK, err: '' });
    expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(verifyToken(loadConfig({ NODE_ENV: 'development' }), out)).toMatchObject(actor);
  });

  it('signs with the environment’s JWT settings', () => {
    const env = { JWT_SECRET: 'a-secret-for-this-test-of-32-chars-or-more', JWT_ISSUER: 'idp', JWT_AUDIENCE: 'api' };
    const { out } = cli(['token', '--role', 'auditor', '--org', 'MHLW'], env);
    expect(verifyToken(loadConfig({ NODE_ENV: 'development', ...env }), out).role).toBe('auditor');
    expect(() => verifyToken(loadConfig({ NODE_ENV: 'development' }), out)).toThrow();
  });

  it('defaults to 15 minutes', () => {
    const { out } = cli(['token', '--role', 'auditor', '--org', 'MHLW']);
    const payload = JSON.parse(Buffer.from(out.split('.')[1], 'base64url').toString()) as { iat: number; exp: number };
    expect(payload.exp - payload.iat).toBe(900);
  });

  it.each<[string[], RegExp]>([
    [[], /a command is required/],
    [['mint'], /unknown command "mint"/],
    [['token', '--org', 'MHLW'], /--role is required/],
    [['token', '--role', 'root', '--org', 'MHLW'], /--role must be one of/],
    [['token', '--role', 'national-admin'], /--org is required/],
    [['token', '--role', 'national-admin', '--org', '24'], /must be MHLW/],
    [['token', '--role', 'auditor', '--org', '242055'], /must be MHLW/],
    [['token', '--role', 'prefecture', '--org', '48'], /prefecture code 01–47/],
    [['token', '--role', 'prefecture', '--org', 'MHLW'], /prefecture code 01–47/],
    [['token', '--role', 'insurer', '--org', '242056'], /check digit/],
    [['token', '--role', 'insurer', '--org', '24205'], /6-digit/],
    [['token', '--role', 'insurer', '--org', '240001'], /prefecture's own code/],
    [['token', '--role', 'auditor', '--org', 'MHLW', '--ttl', '0'], /--ttl must be a whole number of seconds from 1/],
    [['token', '--role', 'auditor', '--org', 'MHLW', '--ttl', '43201'], /JWT_MAX_TTL_SECONDS/],
    [['token', '--role', 'auditor', '--org', 'MHLW', '--ttl', '1h'], /--ttl must be a whole number/],
    [['token', '--role', 'auditor', '--org', 'MHLW', '--sub', 'a b'], /--sub must be/],
    [['token', '--role', 'auditor', '--org', 'MHLW', '--colour', 'red'], /unknown option --colour/],
    [['token', '--role', 'auditor', '--role', 'auditor', '--org', 'MHLW'], /given twice/],
    [['token', '--role'], /--role needs a value/],
    [['token', 'auditor'], /unexpected argument "auditor"/],
  ])('refuses %j with exit code 2 and the usage', (argv, message) => {
    const { code, out, err } = cli(argv);
    expect(code).toBe(EXIT_USAGE);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).toContain('usage:');
  });

  it('refuses an invalid configuration with exit code 2 without echoing the secret', () => {
    const { code, err } = cli(['token', '--role', 'auditor', '--org', 'MHLW'], { JWT_SECRET: 'too-short-secret' });
    expect(code).toBe(EXIT_USAGE);
    expect(err).toMatch(/JWT_SECRET/);
    expect(err).not.toContain('too-short-secret');
  });

  it('prints the usage for --help, help and token --help', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['token', '--help']]) {
      const { code, out } = cli(argv);
      expect(code).toBe(EXIT_OK);
      expect(out).toContain('npm run cli -- token --role <role> --org <organisation>');
    }
  });
});
