import { escapeIdentifier } from 'pg';
import { grantAppRole, runAdminSql } from '@grants/database';
import { TestDatabase } from './test-database';

/** The login role e2e tests run the service as with TEST_AS_APP_ROLE=1 (README "Database roles"). */
export const TEST_APP_ROLE = 'grants_test_app';

/**
 * Creates the test app role on the server when missing, grants it the service's privileges on this test database
 * (whose tables the superuser owns, as a migration owner would) and returns the database's URL as that role.
 */
export async function appRoleUrlOf(db: TestDatabase): Promise<string> {
  const exists = await db.superuserQuery('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEST_APP_ROLE]);
  if (exists.length === 0) {
    await runAdminSql(db.url, `CREATE ROLE ${escapeIdentifier(TEST_APP_ROLE)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${TEST_APP_ROLE}'`).catch(
      (error: { code?: string }) => {
        if (error.code !== '42710') throw error; // created meanwhile by another test file
      },
    );
  }
  await grantAppRole(db.url, TEST_APP_ROLE);
  const url = new URL(db.url);
  url.username = TEST_APP_ROLE;
  url.password = TEST_APP_ROLE;
  return url.toString();
}
