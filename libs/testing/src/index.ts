export * from './test-database';
export * from './test-server-env';
export * from './forgery';
export * from './test-app-role';
