/** Set by test/support/global-setup.ts: the PostgreSQL server every test file creates its own database on. */
export const TEST_SERVER_ENV = 'GRANTS_TEST_SERVER_URL';
