import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import YAML from 'yaml';

/**
 * scripts/check-compose.js as CI runs it (`node scripts/check-compose.js <file>`), on the project's
 * docker-compose.yml and on copies of it changed in one place each: the security rules must catch every change.
 */
const ROOT = resolve(__dirname, '..');
const COMPOSE = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runCheck(text: string): { status: number | null; output: string } {
  const file = join(dir, `compose-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, text);
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts/check-compose.js'), file], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The project's compose file with one edit, comments kept. */
function edited(edit: (doc: YAML.Document) => void): string {
  const doc = YAML.parseDocument(COMPOSE);
  edit(doc);
  return doc.toString();
}

describe('docker-compose.yml security rules (scripts/check-compose.js)', () => {
  it('passes the shipped file: PostgreSQL store by default, EventStoreDB behind a secure profile, secrets from files', () => {
    const { status, output } = runCheck(COMPOSE);
    expect(output).toContain('valid');
    expect(status).toBe(0);
    const doc = YAML.parse(COMPOSE) as { services: Record<string, { profiles?: string[]; environment?: Record<string, string> }> };
    expect(doc.services.api.profiles).toBeUndefined();
    expect(doc.services.api.environment?.EVENT_STORE).toBe('postgres');
    expect(doc.services.eventstore.profiles).toEqual(['eventstoredb']);
    expect(Object.keys(doc.services.eventstore.environment ?? {})).not.toContain('EVENTSTORE_INSECURE');
  });

  it.each([
    ['EventStoreDB insecure', (d: YAML.Document) => d.setIn(['services', 'eventstore', 'environment', 'EVENTSTORE_INSECURE'], 'true'), 'must not run insecure'],
    ['the default API on EventStoreDB', (d: YAML.Document) => d.setIn(['services', 'api', 'environment', 'EVENT_STORE'], 'eventstoredb'), 'default API must run the tamper-evident PostgreSQL store'],
    ['JWT secret inline', (d: YAML.Document) => d.setIn(['services', 'api', 'environment', 'JWT_SECRET'], '${JWT_SECRET}'), 'JWT_SECRET: a credential written inline'],
    ['a password in a URL', (d: YAML.Document) => d.setIn(['services', 'api', 'environment', 'READ_URL'], 'postgres://grants_app:grants@postgres:5432/grants'), 'a URL with a password written inline'],
    ['the postgres password inline', (d: YAML.Document) => d.setIn(['services', 'postgres', 'environment', 'POSTGRES_PASSWORD'], 'grants'), 'POSTGRES_PASSWORD: a credential written inline'],
    ['one database role for migrations and service', (d: YAML.Document) => d.deleteIn(['services', 'api', 'environment', 'MIGRATION_DATABASE_URL_FILE']), 'MIGRATION_DATABASE_URL_FILE (a secret) is required'],
    ['a secret file the service does not mount', (d: YAML.Document) => d.setIn(['services', 'api', 'secrets'], ['database_url', 'jwt_secret']), 'is not among the service\'s secrets'],
    ['EventStoreDB without a profile', (d: YAML.Document) => d.deleteIn(['services', 'eventstore', 'profiles']), 'EventStoreDB belongs behind a profile'],
    ['EventStoreDB without TLS certificates', (d: YAML.Document) => d.deleteIn(['services', 'eventstore', 'environment', 'EVENTSTORE_CERTIFICATE_FILE']), 'EVENTSTORE_CERTIFICATE_FILE is required (TLS)'],
    ['EventStoreDB passwords not from a secret', (d: YAML.Document) => d.deleteIn(['services', 'eventstore', 'environment', 'EVENTSTORE_CONFIG']), 'EVENTSTORE_CONFIG=/run/secrets/<name> is required'],
  ])('refuses %s', (_name, edit, problem) => {
    const { status, output } = runCheck(edited(edit));
    expect(output).toContain(problem);
    expect(status).toBe(1);
  });

  it('refuses a connection string without TLS and a file that does not say what the EventStoreDB profile lacks', () => {
    const text = COMPOSE.replace(/no signed checkpoints/gi, 'a different store').replace(
      'EVENT_STORE: eventstoredb',
      'EVENT_STORE: eventstoredb\n      PROBE: esdb://eventstore:2113?tls=false',
    );
    const { status, output } = runCheck(text);
    expect(output).toContain('an EventStoreDB connection without TLS');
    expect(output).toContain('has no signed checkpoints');
    expect(status).toBe(1);
  });

  it('refuses the compose file shipped before: EventStoreDB insecure as the default store, credentials inline', () => {
    const before = `name: incentive-grants
services:
  postgres:
    image: postgres:15
    environment: { POSTGRES_USER: grants, POSTGRES_PASSWORD: grants, POSTGRES_DB: grants }
  eventstore:
    image: eventstore/eventstore:24.10
    environment: { EVENTSTORE_CLUSTER_SIZE: "1", EVENTSTORE_INSECURE: "true" }
  api:
    build: { context: . }
    environment:
      DATABASE_URL: postgres://grants:grants@postgres:5432/grants
      EVENT_STORE: eventstoredb
      EVENTSTORE_CONNECTION_STRING: esdb://eventstore:2113?tls=false
      JWT_SECRET: \${JWT_SECRET:?set JWT_SECRET}
    depends_on: [postgres, eventstore]
`;
    const { status, output } = runCheck(before);
    for (const problem of ['EVENTSTORE_INSECURE', 'default API must run the tamper-evident PostgreSQL store', 'JWT_SECRET: a credential written inline', 'an EventStoreDB connection without TLS']) {
      expect(output).toContain(problem);
    }
    expect(status).toBe(1);
  });
});
