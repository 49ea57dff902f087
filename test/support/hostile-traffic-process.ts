/**
 * The attacking process of hostile-traffic.ts: sends every kind of hostile request in a loop of its own, one at a
 * time per kind, until its stdin closes; then prints the tally as one JSON line.
 */
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AttackRequest, attackRequests, AttackTally, AttackTarget } from './hostile-traffic';

/** Between two requests of one kind. */
const PAUSE_MILLIS = 20;

function send(base: string, attack: AttackRequest): Promise<{ status: number; code?: string }> {
  const url = new URL(attack.path, base);
  return new Promise((resolve, reject) => {
    const headers = { Authorization: attack.token, 'Content-Type': attack.contentType, 'Content-Length': String(attack.body.length) };
    const req = request({ host: url.hostname, port: url.port, method: attack.method, path: url.pathname, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let code: string | undefined;
        try {
          code = (JSON.parse(text) as { code?: string }).code;
        } catch {
          code = text.slice(0, 80);
        }
        resolve({ status: res.statusCode ?? 0, code });
      });
    });
    req.on('error', reject);
    req.end(attack.body);
  });
}

async function main(): Promise<void> {
  const target = JSON.parse(process.argv[2]) as AttackTarget;
  const attacks = attackRequests(target);
  let running = true;
  process.stdin.on('end', () => (running = false));
  process.stdin.resume();
  const tally: Record<string, { sent: number; unexpected: string[] }> = {};
  process.stdout.write('READY\n');
  await Promise.all(
    attacks.map(async (attack) => {
      const entry: { sent: number; unexpected: string[] } = { sent: 0, unexpected: [] };
      tally[attack.name] = entry;
      while (running) {
        const { status, code } = await send(target.base, attack).catch((error: Error) => ({ status: 0, code: error.message }));
        entry.sent += 1;
        if (status !== attack.expected[0] || code !== attack.expected[1]) entry.unexpected.push(`${status} ${code}`);
        await sleep(PAUSE_MILLIS);
      }
    }),
  );
  const result: AttackTally = tally;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(String(error));
  process.exit(1);
});
