export * from './test-database';
export * from './test-server-env';
export * from './test-app-role';
