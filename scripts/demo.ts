/**
 * `npm run demo`: the service with a whole national year in it, for a first look in the browser.
 *
 *   - PostgreSQL: an embedded PostgreSQL 15 in `.data/demo-pg` (its own data directory and port, DEMO_PG_PORT,
 *     default 54330), or DATABASE_URL when given (a database of its own: the demo writes a whole year into it).
 *   - FY2024: the bench's national year (bench/national: 47 prefectures, 1,741 insurers, drafts, 差戻し, the national
 *     review, scoring, three 試算 and the two-person 確定), sent as the service's own commands through its CommandBus,
 *     finalized. DEMO_EVENTS (default 60,000) sets about how many events it writes.
 *   - This fiscal year: opened for submissions (deadlines 17:00 JST a month and more ahead) with the same 1,741 insurers
 *     registered; nobody has answered yet.
 *   - Then the service listens (PORT, default 3000) in development mode, with the development sign-in page.
 *
 * Idempotent: when the data directory already holds the demo, it is reused as it is (no generation). A demo whose
 * generation was interrupted is reported, with how to start afresh.
 */
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { fiscalYearStreamId, PREFECTURES } from '@grants/domain';
import { RunningDatabase, startEmbeddedPostgres } from '@grants/database';
import { EventStore } from '@grants/event-store';
import { createApp } from '../apps/api/src/app.factory';
import { toActor } from '../apps/api/src/auth/actor';
import { commandContext } from '../apps/api/src/commands/command-context';
import { loadConfig } from '../apps/api/src/config/app-config';
import { OpenFiscalYear } from '../apps/api/src/fiscal-year/open-fiscal-year/open-fiscal-year.command';
import { yearOpening } from '../apps/api/src/fiscal-year/open-fiscal-year/open-fiscal-year.request';
import { RegisterInsurers } from '../apps/api/src/register/register-insurers/register-insurers.command';
import { generateNationalFiscalYear, nationalInsurers } from '../bench/national/national-fiscal-year';

const SEED = 2024;
const FINALIZED_YEAR = 'FY2024';
const DATA_DIR = resolve(__dirname, '..', '.data', 'demo-pg');
const DAY = 86_400_000;

/** The fiscal year (April–March, JST) of a moment. */
function fiscalYearOf(now: Date): number {
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  return jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
}

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const started = Date.now();
  const port = Number(process.env.PORT ?? 3000);
  const events = Number(process.env.DEMO_EVENTS ?? 60_000);
  let embedded: RunningDatabase | undefined;
  if (!process.env.DATABASE_URL) {
    say(`PostgreSQL: embedded, data in ${DATA_DIR}`);
    embedded = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: Number(process.env.DEMO_PG_PORT ?? 54330), database: 'grants', appRole: 'grants_app' });
  }
  const databaseUrl = process.env.DATABASE_URL ?? embedded?.appUrl ?? '';
  const migrationDatabaseUrl = process.env.DATABASE_URL ?? embedded?.url ?? databaseUrl;
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', PORT: String(port), DATA_DIR: join(DATA_DIR, '..', 'demo') });
  const app = await createApp({ databaseUrl, migrationDatabaseUrl, config });
  await app.init();
  const stop = async () => {
    await app.close().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));

  try {
    const store = app.get(EventStore);
    const exists = async (fiscalYear: string) => (await store.readStream(fiscalYearStreamId(fiscalYear), { maxCount: 1 })).length > 0;
    const openYear = `FY${fiscalYearOf(new Date())}`;
    if (await exists(openYear)) {
      say(`demo data found (${FINALIZED_YEAR} finalized, ${openYear} open): reused`);
    } else {
      if (await exists(FINALIZED_YEAR)) {
        throw new Error(`${FINALIZED_YEAR} exists but ${openYear} does not: an earlier generation was interrupted. Stop the demo, remove ${DATA_DIR} (or use another DATABASE_URL) and start again.`);
      }
      say(`generating ${FINALIZED_YEAR}: 47 prefectures, 1,741 insurers, about ${events.toLocaleString('en')} events …`);
      const generationStarted = Date.now();
      const result = await generateNationalFiscalYear(store, {
        seed: SEED,
        fiscalYear: FINALIZED_YEAR,
        targetEvents: events,
        databaseUrl: migrationDatabaseUrl,
        onProgress: (written) => process.stdout.write(`  ${written.toLocaleString('en')} events\r`),
      });
      say(`  ${FINALIZED_YEAR}: ${result.events.toLocaleString('en')} events, ${result.insurers} insurers, finalized, in ${((Date.now() - generationStarted) / 1000).toFixed(0)} s`);
      await openForSubmissions(app.get(CommandBus), openYear);
      say(`  ${openYear}: opened for submissions, 1,741 insurers registered`);
    }
    await app.listen(port, '127.0.0.1');
    (app.getHttpServer() as Server).on('close', () => void embedded?.stop());
    printSignIn(`http://127.0.0.1:${port}`, openYear, (Date.now() - started) / 1000);
  } catch (error) {
    await stop();
    throw error;
  }
}

/** This year, as a national administrator opens it: deadlines ahead, the nation's register, prefecture by prefecture. */
async function openForSubmissions(bus: CommandBus, fiscalYear: string): Promise<void> {
  const admin = toActor('mhlw-admin-sato', 'national-admin', 'MHLW');
  const context = (n: number) => commandContext(admin, 'demo', { fiscalYear, n }, { idempotencyKey: `demo-${fiscalYear}-${n}` });
  // 17:00 JST (08:00 UTC) that many days ahead, as offices set deadlines.
  const at = (days: number) => {
    const day = new Date(Date.now() + days * DAY);
    day.setUTCHours(8, 0, 0, 0);
    return day.toISOString();
  };
  const opening = yearOpening({
    fiscalYear,
    pools: { suishinMunicipalYen: '19000000000', suishinPrefecturalYen: '1000000000', shienMunicipalYen: '19000000000', shienPrefecturalYen: '1000000000' },
    deadlines: { submissionsDueAt: at(30), prefectureSubmissionsDueAt: at(45), reviewDueAt: at(90) },
    allocationRuleVersion: 'municipal-score-x-insured-v1',
  } as Parameters<typeof yearOpening>[0]);
  await bus.execute(new OpenFiscalYear(opening, context(0)));
  const insurers = nationalInsurers(SEED);
  for (const [i, prefecture] of PREFECTURES.entries()) {
    const members = insurers
      .filter((insurer) => insurer.prefectureCode === prefecture.code)
      .map(({ code, name, prefectureCode, category1InsuredPersons }) => ({ code, name, prefectureCode, category1InsuredPersons }));
    await bus.execute(new RegisterInsurers(fiscalYear, members, context(i + 1)));
  }
}

function printSignIn(address: string, openYear: string, seconds: number): void {
  const insurers = nationalInsurers(SEED);
  const insurerOf = (prefecture: string) => insurers.find((i) => i.prefectureCode === prefecture)!;
  say();
  say(`デモを起動しました（${seconds.toFixed(0)} 秒）: ${address}/app`);
  say(`  ${FINALIZED_YEAR}: 交付額確定（47 都道府県・1,741 保険者）   ${openYear}: 受付中（1,741 保険者を登録済み、回答はまだありません）`);
  say();
  say(`サインイン: ${address}/app/sign-in （開発用サインイン: 役割と組織を選びます）`);
  say('  国の管理者       役割「国（管理者）」（組織は厚生労働省）。起案と決裁は別の人: 利用者 ID に sato / suzuki などを入れて別々にサインインします');
  say('  国の審査担当     役割「国（審査担当）」');
  say('  監査担当         役割「監査担当」');
  say('  都道府県         役割「都道府県」、所属する都道府県を選びます（例: 13 東京都、24 三重県）');
  for (const prefecture of ['13', '24']) {
    const insurer = insurerOf(prefecture);
    say(`  保険者           役割「保険者（市町村）」、保険者番号 ${insurer.code}（${insurer.name}）`);
  }
  say();
  say(`停止: Ctrl+C（データは ${process.env.DATABASE_URL ? 'DATABASE_URL のデータベース' : '.data/demo-pg'} に残り、次の npm run demo で再利用されます）`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
