import { Client, escapeIdentifier, escapeLiteral } from 'pg';

/**
 * Database roles (README "Database roles"). Migrations run as the role that owns the tables (MIGRATION_DATABASE_URL);
 * the service runs as an app role (DATABASE_URL) that may read every table, change the read models and checkpoints,
 * and only append to the event log: it does not own `events`, so it cannot `ALTER TABLE events DISABLE TRIGGER`, and it
 * has no UPDATE, DELETE or TRUNCATE there. `grantAppRole` runs after the migrations at every start: idempotent, and it
 * covers tables added by later migrations (and, by default privileges, tables the owner creates in between).
 */

/** A table is append-only when it is `events` or a BEFORE UPDATE/DELETE trigger guards it (like events_append_only). */
const APPEND_ONLY_TABLES_SQL = `
  SELECT c.relname AS name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     AND (c.relname = 'events' OR EXISTS (
       SELECT 1 FROM pg_trigger t
        WHERE t.tgrelid = c.oid AND NOT t.tgisinternal
          AND (t.tgtype & 2) <> 0            -- BEFORE
          AND (t.tgtype & (8 | 16)) <> 0))   -- DELETE or UPDATE
   ORDER BY 1`;

/** Tables the service only reads: TypeORM's record of applied migrations (its readiness check compares it). */
const READ_ONLY_TABLES = ['schema_migrations'];

/** The user name in a postgres:// URL (the role the service logs in as). */
export function roleOfUrl(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

export class AppRoleError extends Error {
  readonly code = 'DATABASE.APP_ROLE';
}

/**
 * Gives `role` exactly what the service needs on the current database, as the connected (owner) role:
 * USAGE on schema public; SELECT, INSERT, UPDATE, DELETE on every table, then only SELECT and INSERT on the
 * append-only ones; sequences; the same by default privileges for the owner's future tables; only SELECT on
 * schema_migrations (the readiness check reads it). Refuses a role that is a superuser or may act as the owner of `events`.
 */
export async function grantAppRole(ownerUrl: string, role: string): Promise<{ appendOnly: string[] }> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ rolsuper: boolean; actsAsOwner: boolean | null; isSelf: boolean }>(
      `SELECT r.rolsuper,
              (SELECT pg_has_role(r.oid, c.relowner, 'MEMBER') FROM pg_class c
                WHERE c.oid = to_regclass('public.events')) AS "actsAsOwner",
              r.rolname = current_user AS "isSelf"
         FROM pg_roles r WHERE r.rolname = $1`,
      [role],
    );
    if (rows.length === 0) {
      throw new AppRoleError(`データベースのロール ${role} がありません。 The app database role "${role}" does not exist: create it (README "Database roles") or set APP_DATABASE_ROLE`);
    }
    const [found] = rows;
    if (found.isSelf) throw new AppRoleError(`the app database role "${role}" is the role that runs the migrations: give DATABASE_URL a role of its own`);
    if (found.rolsuper) throw new AppRoleError(`the app database role "${role}" is a superuser: it could disable the append-only trigger`);
    if (found.actsAsOwner) throw new AppRoleError(`the app database role "${role}" owns the events table (or is a member of its owner): it could disable the append-only trigger`);

    const app = escapeIdentifier(role);
    const appendOnly = (await client.query<{ name: string }>(APPEND_ONLY_TABLES_SQL)).rows.map((r) => r.name);
    const statements = [
      `GRANT USAGE ON SCHEMA public TO ${app}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${app}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${app}`,
      ...appendOnly.flatMap((table) => [
        `REVOKE ALL ON TABLE ${escapeIdentifier(table)} FROM ${app}`,
        `GRANT SELECT, INSERT ON TABLE ${escapeIdentifier(table)} TO ${app}`,
      ]),
    ];
    for (const table of READ_ONLY_TABLES) {
      const { rowCount } = await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = $1`, [table]);
      if (rowCount) statements.push(`REVOKE ALL ON TABLE ${escapeIdentifier(table)} FROM ${app}`, `GRANT SELECT ON TABLE ${escapeIdentifier(table)} TO ${app}`);
    }
    // One transaction: the role never holds a half-applied set of privileges.
    await client.query('BEGIN');
    for (const sql of statements) await client.query(sql);
    await client.query('COMMIT');
    return { appendOnly };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * What the connected role (or the named `role`, as seen from any connection) could do to the event log beyond
 * appending: empty when it is a limited app role; otherwise the reasons (superuser, owner of `events`, or
 * UPDATE/DELETE/TRUNCATE granted on it).
 */
export async function eventLogRisks(query: (sql: string) => Promise<Array<Record<string, unknown>>>, role?: string): Promise<string[]> {
  const who = role === undefined ? 'current_user' : escapeLiteral(role);
  const [row] = await query(`
    SELECT r.rolsuper AS superuser,
           pg_has_role(${who}, c.relowner, 'MEMBER') AS owner,
           has_table_privilege(${who}, c.oid, 'UPDATE') AS "update",
           has_table_privilege(${who}, c.oid, 'DELETE') AS "delete",
           has_table_privilege(${who}, c.oid, 'TRUNCATE') AS "truncate"
      FROM pg_roles r, pg_class c
     WHERE r.rolname = ${who} AND c.oid = to_regclass('public.events')`);
  if (!row) return [];
  const risks: string[] = [];
  if (row.superuser) risks.push('is a superuser');
  if (row.owner) risks.push('owns the events table');
  for (const privilege of ['update', 'delete', 'truncate']) if (row[privilege]) risks.push(`has ${privilege.toUpperCase()} on events`);
  return risks;
}
