import { readFileSync } from 'node:fs';
import { InvalidConfigError } from './app-config';

/**
 * Variables that may come from a file instead (compose and Kubernetes secrets: `<NAME>_FILE=/run/secrets/<name>`),
 * so that credentials are never written in the environment. Add a variable here to let it come from a file.
 */
export const SECRET_FILE_VARIABLES = ['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'JWT_SECRET', 'EVENTSTORE_CONNECTION_STRING', 'OIDC_CLIENT_SECRET'] as const;

/**
 * Returns the environment with each `<NAME>_FILE` of SECRET_FILE_VARIABLES replaced by the file's content (one trailing
 * line break removed). Refuses a variable given both ways and a file that cannot be read; never echoes a content.
 */
export function withSecretFiles(
  env: Readonly<Record<string, string | undefined>>,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = { ...env };
  const problems: string[] = [];
  for (const name of SECRET_FILE_VARIABLES) {
    const path = env[`${name}_FILE`]?.trim();
    if (!path) continue;
    if (env[name]?.trim()) {
      problems.push(`${name}_FILE: ${name} is set as well; give one of the two`);
      continue;
    }
    try {
      result[name] = read(path).replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${name}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    delete result[`${name}_FILE`];
  }
  if (problems.length > 0) throw new InvalidConfigError(problems);
  return result;
}
