/**
 * The whole API in a process of its own, for measurements that Jest's own heap and VM would distort (its garbage
 * collection pauses are the test runner's, not the service's). argv: the database URL and a JSON object of settings.
 * Prints "LISTENING <port>" when it accepts requests; closes the app and exits when its stdin closes.
 */
import { AddressInfo } from 'node:net';
import { createApp } from '../../apps/api/src/app.factory';
import { loadConfig } from '../../apps/api/src/config/app-config';

async function main(): Promise<void> {
  const [databaseUrl, settings] = process.argv.slice(2);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl, ...(JSON.parse(settings) as Record<string, string>) });
  const app = await createApp({ databaseUrl, config });
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`LISTENING ${(app.getHttpServer().address() as AddressInfo).port}\n`);
  process.stdin.on('end', () => {
    void app.close().then(() => process.exit(0));
  });
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
