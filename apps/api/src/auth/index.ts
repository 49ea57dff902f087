export * from './actor';
export * from './auth.decorators';
export { AuthGuard, authorize, READ_METHODS } from './auth.guard';
export { AuthModule } from './auth.module';
export * from './scope';
export * from './tokens';
