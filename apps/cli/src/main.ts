/**
 * Command line for local use: `npm run cli -- token --role national-admin --org MHLW`.
 * Exit codes: 0 done, 1 failed, 2 bad usage.
 */
import { ROLES, Role } from '../../api/src/auth/actor';
import { DEFAULT_TOKEN_TTL_SECONDS, issueToken, MAX_TOKEN_TTL_SECONDS } from '../../api/src/auth/tokens';
import { InvalidConfigError, loadConfig } from '../../api/src/config/app-config';

const USAGE = `使い方 / usage:
  npm run cli -- token --role <role> --org <organisation> [--sub <user id>] [--ttl <seconds>]

  token   開発用の署名付きトークンを発行します / issues a signed development token (uses JWT_SECRET)
          --role  ${ROLES.join(' | ')}
          --org   MHLW (national roles, auditor) | 01–47 (prefecture) | 6-digit 地方公共団体コード (insurer)
          --sub   user id (default: <role>-<org>)
          --ttl   lifetime in seconds, 1–${MAX_TOKEN_TTL_SECONDS} (default ${DEFAULT_TOKEN_TTL_SECONDS})`;

class UsageError extends Error {}

function options(args: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [name, value] = [args[i], args[i + 1]];
    if (!name?.startsWith('--') || value === undefined || value.startsWith('--')) throw new UsageError(`expected --name value pairs, got "${name}"`);
    found.set(name.slice(2), value);
  }
  return found;
}

function token(args: readonly string[]): void {
  const given = options(args);
  for (const name of given.keys()) if (!['role', 'org', 'sub', 'ttl'].includes(name)) throw new UsageError(`unknown option --${name}`);
  const role = given.get('role');
  const org = given.get('org');
  if (!role || !(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  if (!org) throw new UsageError('--org is required');
  const ttl = Number(given.get('ttl') ?? DEFAULT_TOKEN_TTL_SECONDS);
  const config = loadConfig(process.env);
  try {
    console.log(issueToken(config.JWT_SECRET, { sub: given.get('sub') ?? `${role}-${org}`, role: role as Role, org }, ttl));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'token':
        token(rest);
        return 0;
      case undefined:
      case '--help':
      case 'help':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidConfigError) {
      console.error(`エラー / error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(error);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
