/**
 * A deterministic, realistic national fiscal year (FY2024) built by sending the service's own commands through its
 * CommandBus (the handlers its HTTP routes use, in-process, on the given store): 47 prefectures, 1,741 insurers with valid
 * 地方公共団体コード and a skewed 第1号被保険者数 (about 36 million in all), every insurer answering the municipal
 * framework over many drafts and submitting (some sent back by their prefecture and submitted again), the national
 * review of every answer (a few corrected), the prefectures' own answers and 所要見込額 (some below their score-based
 * share), the national figures, the phases, the scoring, three trial calculations and the two-person finalization.
 *
 * Deterministic for a seed: every stream draws from a PRNG of its own (seed × stream), each command is decided at a
 * scripted time (the service's Clock), and command ids are derived from the seed, so only event ids, positions across
 * streams and `recordedAt` (set by the store) vary between runs. Streams are written concurrently; the store groups
 * concurrent appends into one commit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { Command, CommandBus } from '@nestjs/cqrs';
import {
  AnswerReview,
  fiscalYearStreamId,
  FY2021_PREFECTURAL_FRAMEWORK,
  FY2024_MUNICIPAL_FRAMEWORK,
  grantCalculationStreamId,
  Framework,
  IndicatorAnswer,
  nationalFiguresStreamId,
  numericIndicators,
  NumericIndicator,
  Phase,
  Pools,
  PREFECTURES,
  prefectureSubmissionStreamId,
  RegisteredInsurer,
  registerStreamId,
  selfAssessedIndicators,
  SelfAssessedIndicator,
  submissionStreamId,
  withCheckDigit,
} from '@grants/domain';
import { EventStore } from '@grants/event-store';
import { AppModule } from '../../apps/api/src/app.module';
import { Actor, toActor } from '../../apps/api/src/auth/actor';
import { Clock } from '../../apps/api/src/commands/clock';
import { CommandContext, commandContext } from '../../apps/api/src/commands/command-context';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { AdvancePhase } from '../../apps/api/src/fiscal-year/advance-phase/advance-phase.command';
import { OpenFiscalYear } from '../../apps/api/src/fiscal-year/open-fiscal-year/open-fiscal-year.command';
import { ApproveFinalization } from '../../apps/api/src/grant-calculation/approve-finalization/approve-finalization.command';
import { RequestFinalization } from '../../apps/api/src/grant-calculation/request-finalization/request-finalization.command';
import { RunTrialCalculation } from '../../apps/api/src/grant-calculation/run-trial-calculation/run-trial-calculation.command';
import { RecordNationalFigures } from '../../apps/api/src/national-review/record-national-figures/record-national-figures.command';
import { ReviewAnswer } from '../../apps/api/src/national-review/review-answer/review-answer.command';
import { ReviewPrefectureAnswer } from '../../apps/api/src/national-review/review-prefecture-answer/review-prefecture-answer.command';
import { SavePrefectureAnswers } from '../../apps/api/src/prefecture-submission/save-prefecture-answers/save-prefecture-answers.command';
import { SetRequestedAmounts } from '../../apps/api/src/prefecture-submission/set-requested-amounts/set-requested-amounts.command';
import { SubmitPrefectureSubmission } from '../../apps/api/src/prefecture-submission/submit-prefecture-submission/submit-prefecture-submission.command';
import { RegisterInsurers } from '../../apps/api/src/register/register-insurers/register-insurers.command';
import { ReturnSubmission } from '../../apps/api/src/submission/return-submission/return-submission.command';
import { SaveAnswers } from '../../apps/api/src/submission/save-answers/save-answers.command';
import { SubmitSubmission } from '../../apps/api/src/submission/submit-submission/submit-submission.command';

export interface NationalFiscalYearOptions {
  readonly seed: number;
  readonly fiscalYear: 'FY2024';
  /** About how many events to write in all (default 300,000); drafts and review rounds scale to reach it. */
  readonly targetEvents?: number;
  /** Number of insurers (default 1,741, the nation); fewer are an even sample of the nation's codes. */
  readonly insurers?: number;
  /** Streams written at once (default 256); the store commits their concurrent appends in groups. */
  readonly concurrency?: number;
  /** Called with the number of events written so far, at most every 5,000 events and once at the end. */
  readonly onProgress?: (events: number) => void;
  /** PostgreSQL of the service's read models and migrations (the same database as the store's, for the PostgreSQL store). */
  readonly databaseUrl: string;
  /**
   * The frameworks the year is opened with (default: the shipped v1 FY2024 municipal and FY2021 prefectural ones). A v2
   * pair (e.g. municipal-FY2024 + prefectural-FY2025) is answered as its 該当状況調査票 asks: every sub-item of a
   * `multiple` choice on its own, nothing for MHLW's and the derived items, a figure for every banded measure (a
   * combined item's under `<indicatorId>.<measureId>`).
   */
  readonly frameworks?: YearFrameworks;
}

export interface YearFrameworks {
  readonly municipal: Framework;
  readonly prefectural: Framework;
}

export interface NationalFiscalYearResult {
  readonly events: number;
  readonly insurers: number;
  /** Global position of the store's last event after the generation. */
  readonly head: bigint;
}

/** Number of municipalities (市区町村, with Tokyo's 23 special wards) per prefecture, 北海道 … 沖縄県: 1,741 in all. */
export const MUNICIPALITIES_PER_PREFECTURE: readonly number[] = [
  179, 40, 33, 35, 25, 35, 59, 44, 25, 35, 63, 54, 62, 33, 30, 15, 19, 17, 27, 77, 42, 35, 54, 29, 19, 26, 43, 41, 39, 30, 19, 19, 27, 23, 19, 24, 17,
  20, 34, 60, 20, 21, 45, 18, 26, 43, 41,
];

/** The 20 designated cities (政令指定都市): first five digits of their code and about their 第1号被保険者数. */
const DESIGNATED_CITIES: readonly (readonly [string, string, number])[] = [
  ['01100', '札幌市', 550_000],
  ['04100', '仙台市', 270_000],
  ['11100', 'さいたま市', 310_000],
  ['12100', '千葉市', 260_000],
  ['14100', '横浜市', 930_000],
  ['14130', '川崎市', 320_000],
  ['14150', '相模原市', 190_000],
  ['15100', '新潟市', 230_000],
  ['22100', '静岡市', 210_000],
  ['22130', '浜松市', 230_000],
  ['23100', '名古屋市', 580_000],
  ['26100', '京都市', 410_000],
  ['27100', '大阪市', 690_000],
  ['27140', '堺市', 230_000],
  ['28100', '神戸市', 430_000],
  ['33100', '岡山市', 190_000],
  ['34100', '広島市', 290_000],
  ['40100', '北九州市', 290_000],
  ['40130', '福岡市', 360_000],
  ['43100', '熊本市', 200_000],
];

const NATIONAL_CATEGORY1_INSURED = 36_000_000;
const DEFAULT_FRAMEWORKS: YearFrameworks = { municipal: FY2024_MUNICIPAL_FRAMEWORK, prefectural: FY2021_PREFECTURAL_FRAMEWORK };
const POOLS: Pools = {
  suishinMunicipalYen: '19000000000',
  suishinPrefecturalYen: '1000000000',
  shienMunicipalYen: '19000000000',
  shienPrefecturalYen: '1000000000',
};
const DEADLINES = {
  submissionsDueAt: '2024-06-30T15:00:00.000Z',
  prefectureSubmissionsDueAt: '2024-07-31T15:00:00.000Z',
  reviewDueAt: '2024-09-30T15:00:00.000Z',
};
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a tiny 32-bit PRNG, plenty for test data; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A PRNG of its own for each named part of the year, so concurrency never changes what is drawn. */
function rngFor(seed: number, name: string): Random {
  return new Random(createHash('sha256').update(`${seed}/${name}`).digest().readUInt32LE(0));
}

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, maxInclusive: number): number {
    return min + Math.floor(this.next() * (maxInclusive - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The nation: prefectures, insurer codes and sizes

export interface NationalInsurer extends RegisteredInsurer {
  /** How well the insurer does (0–1): drives its answers and national figures. */
  readonly capability: number;
}

/** The nation's insurers (sorted by code), or an even sample of `count` of them; deterministic for a seed. */
export function nationalInsurers(seed: number, count = 1741): NationalInsurer[] {
  const random = rngFor(seed, 'nation');
  const all: { code: string; name: string; size?: number }[] = [];
  PREFECTURES.forEach((prefecture, p) => {
    const n = MUNICIPALITIES_PER_PREFECTURE[p];
    const designated = DESIGNATED_CITIES.filter(([code]) => code.startsWith(prefecture.code));
    const wards = prefecture.code === '13' ? 23 : 0;
    const rest = n - designated.length - wards;
    const cities = Math.round(rest * 0.4);
    const towns = rest - cities;
    const step = Math.max(1, Math.floor(690 / Math.max(1, towns)));
    designated.forEach(([first5, name, size]) => all.push({ code: withCheckDigit(first5), name, size }));
    for (let i = 0; i < wards; i += 1) all.push({ code: withCheckDigit(`13${101 + i}`), name: `特別区${i + 1}（${prefecture.name}）` });
    for (let i = 0; i < cities; i += 1) all.push({ code: withCheckDigit(`${prefecture.code}${201 + i}`), name: `${prefecture.name}第${i + 1}市` });
    for (let i = 0; i < towns; i += 1) all.push({ code: withCheckDigit(`${prefecture.code}${301 + i * step}`), name: `${prefecture.name}第${i + 1}町村` });
  });
  all.sort((a, b) => (a.code < b.code ? -1 : 1));
  // Sizes: the designated cities as published (±5%), the others log-normal (median ~7,000), scaled so that the
  // nation has about 36 million category-1 insured persons, from a few hundred to about a million.
  const drawn = all.map((insurer) => insurer.size ?? 7_000 * Math.exp(1.25 * random.normal()));
  const fixed = all.reduce((sum, insurer) => sum + (insurer.size ?? 0), 0);
  const free = drawn.reduce((sum, size, i) => sum + (all[i].size === undefined ? size : 0), 0);
  const scale = (NATIONAL_CATEGORY1_INSURED - fixed) / free;
  const nation: NationalInsurer[] = all.map((insurer, i) => ({
    code: insurer.code,
    name: insurer.name,
    prefectureCode: insurer.code.slice(0, 2),
    category1InsuredPersons:
      insurer.size !== undefined
        ? Math.round(insurer.size * random.between(0.95, 1.05))
        : Math.min(1_000_000, Math.max(250, Math.round(drawn[i] * scale))),
    capability: random.between(0.25, 0.95),
  }));
  if (count >= nation.length) return nation;
  return Array.from({ length: Math.max(1, count) }, (_, i) => nation[Math.floor((i * nation.length) / count)]);
}

// ---------------------------------------------------------------------------------------------------------------
// Sending commands through the service's CommandBus

const ADMIN_A: Actor = toActor('mhlw-admin-sato', 'national-admin', 'MHLW');
const ADMIN_B: Actor = toActor('mhlw-admin-suzuki', 'national-admin', 'MHLW');
const REVIEWERS: readonly Actor[] = Array.from({ length: 8 }, (_, i) => toActor(`mhlw-reviewer-${String(i + 1).padStart(2, '0')}`, 'national-reviewer', 'MHLW'));
const prefectureActor = (code: string): Actor => toActor(`pref-${code}-kaigo`, 'prefecture', code);
const insurerActor = (code: string): Actor => toActor(`insurer-${code}-kaigo`, 'insurer', code);

/** The generator's clock: each command is decided at the instant the script gives it (the service's Clock, in-process). */
class ScriptedClock extends Clock {
  private readonly instant = new AsyncLocalStorage<Date>();

  now(): Date {
    const now = this.instant.getStore();
    if (!now) throw new Error('a command of the generated year ran without its scripted time');
    return now;
  }

  at<T>(now: Date, run: () => Promise<T>): Promise<T> {
    return this.instant.run(now, run);
  }
}

/**
 * Sends the year's commands through the service's own CommandBus — the same commands and handlers as its HTTP
 * routes — with a command id derived from the seed, the stream and the command's number in it, so that a retried
 * generation stores nothing twice and the same seed gives the same streams.
 */
class Dispatcher {
  private readonly sent = new Map<string, number>();

  constructor(
    private readonly bus: CommandBus,
    private readonly clock: ScriptedClock,
    private readonly seed: number,
    private readonly onSent: () => void,
  ) {}

  async send<R>(streamId: string, actor: Actor, now: Date, build: (context: CommandContext) => Command<R>, reason?: string): Promise<R> {
    const n = (this.sent.get(streamId) ?? 0) + 1;
    this.sent.set(streamId, n);
    const context = commandContext(actor, `generate ${streamId}`, { n }, { idempotencyKey: commandId(this.seed, streamId, n) }, reason);
    const result = await this.clock.at(now, () => this.bus.execute(build(context)));
    this.onSent();
    return result;
  }
}

/** A uuid-shaped command id derived from the seed, the stream and the command's number in it. */
function commandId(seed: number, streamId: string, n: number): string {
  const hex = createHash('sha1').update(`${seed}/${streamId}/${n}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function inParallel(tasks: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next];
      next += 1;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

/** `n` instants spread over [from, to), increasing, each jittered within its slot. */
function timeline(random: Random, from: number, to: number, n: number): Date[] {
  const slot = (to - from) / Math.max(1, n);
  return Array.from({ length: n }, (_, i) => new Date(Math.floor(from + slot * (i + random.between(0.05, 0.95)))));
}

// ---------------------------------------------------------------------------------------------------------------
// Answers

function answerFor(indicator: SelfAssessedIndicator, capability: number, random: Random): IndicatorAnswer {
  if (indicator.answerType === 'yes_no') return { answerType: 'yes_no', yes: random.chance(capability) };
  if (indicator.selection === 'single') {
    const best = indicator.options.reduce((a, b) => (b.points > a.points ? b : a));
    return { answerType: 'choice', optionIds: [random.chance(capability) ? best.id : random.pick(indicator.options).id] };
  }
  return { answerType: 'choice', optionIds: indicator.options.filter(() => random.chance(capability)).map((o) => o.id) };
}

/** A different answer to the same indicator (an amendment or a reviewer's correction). */
function otherAnswer(indicator: SelfAssessedIndicator, answer: IndicatorAnswer, random: Random): IndicatorAnswer {
  if (answer.answerType === 'yes_no') return { answerType: 'yes_no', yes: !answer.yes };
  if (indicator.answerType !== 'choice') return answer;
  if (indicator.selection === 'single') {
    const others = indicator.options.filter((o) => o.id !== answer.optionIds[0]);
    return { answerType: 'choice', optionIds: [random.pick(others).id] };
  }
  const flip = random.pick(indicator.options).id;
  const ids = answer.optionIds.includes(flip) ? answer.optionIds.filter((id) => id !== flip) : [...answer.optionIds, flip];
  return { answerType: 'choice', optionIds: indicator.options.map((o) => o.id).filter((id) => ids.includes(id)) };
}

/**
 * Drafts that end in `final` for every indicator: `count` saves of one to four answers each, earlier answers being
 * tentative ones the insurer later changed; every indicator's last save carries its final answer.
 */
function drafts(
  indicators: readonly SelfAssessedIndicator[],
  final: Readonly<Record<string, IndicatorAnswer>>,
  count: number,
  capability: number,
  random: Random,
): Record<string, IndicatorAnswer>[] {
  const saves: Record<string, IndicatorAnswer>[] = Array.from({ length: Math.max(1, count) }, () => ({}));
  // First pass: each indicator first appears in order, so the form fills up over the drafts.
  indicators.forEach((indicator, i) => {
    saves[Math.floor((i * saves.length) / indicators.length)][indicator.id] = answerFor(indicator, capability, random);
  });
  // Then revisits: a draft touches up to three more answers (at least one when it has none yet).
  for (const save of saves) {
    const revisits = random.int(Object.keys(save).length === 0 ? 1 : 0, 3);
    for (let r = 0; r < revisits; r += 1) {
      const indicator = random.pick(indicators);
      save[indicator.id] = answerFor(indicator, capability, random);
    }
  }
  // The last save of each indicator carries its final answer.
  const last = new Map<string, number>();
  saves.forEach((save, i) => Object.keys(save).forEach((id) => last.set(id, i)));
  for (const indicator of indicators) saves[last.get(indicator.id) as number][indicator.id] = final[indicator.id];
  // Keys in framework order: what an input form would send.
  return saves.map((save) => Object.fromEntries(indicators.filter((i) => save[i.id] !== undefined).map((i) => [i.id, save[i.id]])));
}

const RETURN_REASONS = [
  '根拠資料と回答が一致しない指標があります。確認のうえ再提出してください。',
  '地域ケア会議の実施状況の回答に誤りがあります。修正してください。',
  '計画の進捗管理（PDCA）の回答の根拠が不足しています。',
];
const CORRECTION_REASONS = [
  '根拠資料の確認により回答を訂正',
  '疑義照会への回答に基づき訂正',
  '実施時期が評価対象期間外のため訂正',
];

// ---------------------------------------------------------------------------------------------------------------
// The year

/**
 * Builds the whole fiscal year into `store` (which should hold no FY2024 streams yet) by sending every command through
 * the service's CommandBus, in an application context on `options.databaseUrl` that uses the given store.
 */
export async function generateNationalFiscalYear(store: EventStore, options: NationalFiscalYearOptions): Promise<NationalFiscalYearResult> {
  const { seed, fiscalYear } = options;
  const target = options.targetEvents ?? 300_000;
  const concurrency = options.concurrency ?? 256;
  const insurers = nationalInsurers(seed, options.insurers ?? 1741);
  const startHead = await store.headPosition();
  const clock = new ScriptedClock();
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ databaseUrl: options.databaseUrl, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), eventStore: store, clock, runProjections: false }),
    { logger: false },
  );
  let progressAt = 0;
  const reportProgress = () => {
    if (!options.onProgress) return;
    void store.headPosition().then((head) => {
      const events = Number(head - startHead);
      if (events - progressAt >= 5_000) {
        progressAt = events;
        options.onProgress?.(events);
      }
    });
  };
  let sent = 0;
  const dispatcher = new Dispatcher(app.get(CommandBus), clock, seed, () => {
    sent += 1;
    if (sent % 500 === 0) reportProgress();
  });
  try {
    await generate(dispatcher, insurers, fiscalYear, target, concurrency, seed, options.frameworks ?? DEFAULT_FRAMEWORKS);
  } finally {
    await app.close();
  }
  const head = await store.headPosition();
  options.onProgress?.(Number(head - startHead));
  return { events: Number(head - startHead), insurers: insurers.length, head };
}

async function generate(
  dispatcher: Dispatcher,
  insurers: readonly NationalInsurer[],
  fiscalYear: 'FY2024',
  target: number,
  concurrency: number,
  seed: number,
  { municipal: MUNICIPAL, prefectural: PREFECTURAL }: YearFrameworks,
): Promise<void> {
  const send = dispatcher.send.bind(dispatcher);
  const municipalItems = [...selfAssessedIndicators(MUNICIPAL).values()];
  const prefecturalItems = [...selfAssessedIndicators(PREFECTURAL).values()];
  const municipalNumeric = numericIndicators(MUNICIPAL);
  const prefecturalNumeric = numericIndicators(PREFECTURAL);
  const prefectures = PREFECTURES.filter((p) => insurers.some((i) => i.prefectureCode === p.code));

  // Event budget: what does not scale, then per insurer drafts and review rounds to reach the target.
  const prefectureDrafts = 6;
  const fixed =
    7 + // opened, 5 phase steps, scores
    prefectures.length + // register, one event per prefecture
    municipalNumeric.length +
    prefecturalNumeric.length +
    PREFECTURES.length * (prefectureDrafts + 2 + prefecturalItems.length) +
    5; // 3 trials, request, approval
  const perInsurer = Math.max(0, (target - fixed) / insurers.length);
  const reviewRounds = perInsurer >= municipalItems.length * 3 + 30 ? 2 : 1;
  // Returned submissions add about 0.12 × (return + 2 drafts + resubmit) per insurer.
  const draftCount = Math.max(4, Math.round(perInsurer - reviewRounds * municipalItems.length - 1 - 0.12 * 4));

  // 1. The national administrator opens the year.
  const yearStream = fiscalYearStreamId(fiscalYear);
  const opening = { fiscalYear, pools: POOLS, municipalFramework: MUNICIPAL, prefecturalFramework: PREFECTURAL, deadlines: DEADLINES, allocationRuleVersion: 'municipal-score-x-insured-v1', unitYen: '1000' };
  await send(yearStream, ADMIN_A, new Date('2024-04-01T00:00:00.000Z'), (context) => new OpenFiscalYear(opening, context));
  const advance = (to: Phase, now: string) => send(yearStream, ADMIN_A, new Date(now), (context) => new AdvancePhase(fiscalYear, to, context));

  // 2. The register, one prefecture at a time.
  for (const [i, prefecture] of prefectures.entries()) {
    const members = insurers
      .filter((insurer) => insurer.prefectureCode === prefecture.code)
      .map(({ code, name, prefectureCode, category1InsuredPersons }) => ({ code, name, prefectureCode, category1InsuredPersons }));
    await send(registerStreamId(fiscalYear), ADMIN_A, new Date(at('2024-04-01T01:00:00.000Z') + i * 60_000), (context) => new RegisterInsurers(fiscalYear, members, context));
  }

  // 3. Insurers answer, submit, are sometimes sent back, and submit again; prefectures answer and request amounts.
  const finals = new Map<string, Record<string, IndicatorAnswer>>();
  const insurerTasks = insurers.map((insurer) => async () => {
    const random = rngFor(seed, `insurer/${insurer.code}`);
    const stream = submissionStreamId(fiscalYear, insurer.code);
    const final = Object.fromEntries(municipalItems.map((indicator) => [indicator.id, answerFor(indicator, insurer.capability, random)]));
    finals.set(insurer.code, final);
    const returns = random.chance(0.12) ? (random.chance(0.15) ? 2 : 1) : 0;
    // Answers the prefecture will find wrong: submitted first with another answer, amended after the return.
    const amended = Array.from({ length: returns }, () => random.pick(municipalItems));
    const firstFinal = { ...final };
    for (const indicator of amended) firstFinal[indicator.id] = otherAnswer(indicator, final[indicator.id], random);
    const saves = drafts(municipalItems, firstFinal, draftCount - returns * 2, insurer.capability, random);
    const steps = saves.length + 1 + returns * 4;
    const times = timeline(random, at('2024-04-02T00:00:00.000Z') + random.between(0, 30) * DAY, at('2024-06-29T00:00:00.000Z'), steps);
    let t = 0;
    const next = () => times[Math.min(t++, times.length - 1)];
    const self = insurerActor(insurer.code);
    const save = (answers: Record<string, IndicatorAnswer>) => send(stream, self, next(), (context) => new SaveAnswers(fiscalYear, insurer.code, answers, context));
    const submit = () => send(stream, self, next(), (context) => new SubmitSubmission(fiscalYear, insurer.code, context));
    for (const answers of saves) await save(answers);
    await submit();
    for (let r = 0; r < returns; r += 1) {
      const reason = random.pick(RETURN_REASONS);
      await send(stream, prefectureActor(insurer.prefectureCode), next(), (context) => new ReturnSubmission(fiscalYear, insurer.code, reason, context), reason);
      const indicator = amended[r];
      await save({ [indicator.id]: final[indicator.id] });
      const again = r + 1 < returns ? amended.slice(r + 1).map((i) => i.id) : [];
      const touch = municipalItems.find((i) => !again.includes(i.id) && i.id !== indicator.id) ?? indicator;
      await save({ [touch.id]: final[touch.id] });
      await submit();
    }
  });

  const prefectureAnswers = new Map<string, Record<string, IndicatorAnswer>>();
  const prefectureTasks = PREFECTURES.map((prefecture) => async () => {
    const random = rngFor(seed, `prefecture/${prefecture.code}`);
    const stream = prefectureSubmissionStreamId(fiscalYear, prefecture.code);
    const capability = random.between(0.45, 0.95);
    const final = Object.fromEntries(prefecturalItems.map((indicator) => [indicator.id, answerFor(indicator, capability, random)]));
    const saves = drafts(prefecturalItems, final, prefectureDrafts, capability, random);
    const times = timeline(random, at('2024-05-01T00:00:00.000Z'), at('2024-07-30T00:00:00.000Z'), saves.length + 2);
    let t = 0;
    const self = prefectureActor(prefecture.code);
    const answered: Record<string, IndicatorAnswer> = {};
    prefectureAnswers.set(prefecture.code, answered);
    for (const answers of saves) {
      await send(stream, self, times[t++], (context) => new SavePrefectureAnswers(fiscalYear, prefecture.code, answers, context));
      Object.assign(answered, answers);
    }
    // 所要見込額: about a 47th of each prefectural pool; a quarter ask for less than their score-based share.
    const requested = (pool: string) => {
      const share = Number(BigInt(pool) / BigInt(PREFECTURES.length));
      const factor = random.chance(0.25) ? random.between(0.4, 0.75) : random.between(1.3, 2.5);
      return (BigInt(Math.floor((share * factor) / 1000)) * 1000n).toString();
    };
    const amounts = { suishinYen: requested(POOLS.suishinPrefecturalYen), shienYen: requested(POOLS.shienPrefecturalYen) };
    await send(stream, self, times[t++], (context) => new SetRequestedAmounts(fiscalYear, prefecture.code, amounts, context));
    await send(stream, self, times[t++], (context) => new SubmitPrefectureSubmission(fiscalYear, prefecture.code, context));
  });
  await inParallel([...prefectureTasks, ...insurerTasks], concurrency);

  // 4. Submissions close; the national review and the national figures.
  await advance('submissions_closed', '2024-08-01T00:00:00.000Z');
  const reviewTasks = insurers.map((insurer) => async () => {
    const random = rngFor(seed, `review/${insurer.code}`);
    const final = finals.get(insurer.code) as Record<string, IndicatorAnswer>;
    const times = timeline(random, at('2024-08-02T00:00:00.000Z'), at('2024-09-25T00:00:00.000Z'), reviewRounds * municipalItems.length);
    let t = 0;
    for (let round = 0; round < reviewRounds; round += 1) {
      const reviewer = REVIEWERS[(random.int(0, REVIEWERS.length - 1) + round) % REVIEWERS.length];
      for (const indicator of municipalItems) {
        const corrected = round === 0 && random.chance(0.02);
        const review: AnswerReview = corrected
          ? { indicatorId: indicator.id, decision: 'corrected', answer: otherAnswer(indicator, final[indicator.id], random), reason: random.pick(CORRECTION_REASONS) }
          : { indicatorId: indicator.id, decision: 'accepted' };
        await send(submissionStreamId(fiscalYear, insurer.code), reviewer, times[t++], (context) => new ReviewAnswer(fiscalYear, insurer.code, review, context), review.reason);
      }
    }
  });
  const prefectureReviewTasks = PREFECTURES.map((prefecture) => async () => {
    const random = rngFor(seed, `prefecture-review/${prefecture.code}`);
    const answered = prefectureAnswers.get(prefecture.code) as Record<string, IndicatorAnswer>;
    const times = timeline(random, at('2024-08-02T00:00:00.000Z'), at('2024-09-25T00:00:00.000Z'), prefecturalItems.length);
    for (const [t, indicator] of prefecturalItems.entries()) {
      const review: AnswerReview = random.chance(0.03)
        ? { indicatorId: indicator.id, decision: 'corrected', answer: otherAnswer(indicator, answered[indicator.id], random), reason: random.pick(CORRECTION_REASONS) }
        : { indicatorId: indicator.id, decision: 'accepted' };
      const stream = prefectureSubmissionStreamId(fiscalYear, prefecture.code);
      await send(stream, REVIEWERS[t % REVIEWERS.length], times[t], (context) => new ReviewPrefectureAnswer(fiscalYear, prefecture.code, review, context), review.reason);
    }
  });
  const figuresTask = async () => {
    const random = rngFor(seed, 'national-figures');
    const capabilityOf = new Map(insurers.map((i) => [i.code, i.capability]));
    const record = async (indicator: NumericIndicator, level: 'municipal' | 'prefectural', i: number) => {
      const codes = level === 'municipal' ? insurers.map((insurer) => insurer.code) : PREFECTURES.map((p) => p.code);
      const figures = codes.map((code) => {
        if (random.chance(0.015)) return { code, value: null };
        // v2 items ranked among implementers only (PFS, 研修, ポイント事業): about a third do not do it at all.
        if (indicator.base === 'nonZero' && random.chance(0.3)) return { code, value: 0 };
        const quality = (capabilityOf.get(code) ?? 0.6) + 0.35 * random.normal();
        const value = indicator.direction === 'higherIsBetter' ? 50 + 40 * quality : 60 - 40 * quality;
        return { code, value: Math.max(0, Math.round(value * 10) / 10) };
      });
      const now = new Date(at('2024-08-05T00:00:00.000Z') + i * 3_600_000);
      await send(nationalFiguresStreamId(fiscalYear), REVIEWERS[i % REVIEWERS.length], now, (context) => new RecordNationalFigures(fiscalYear, indicator.id, figures, context));
    };
    for (const [i, indicator] of municipalNumeric.entries()) await record(indicator, 'municipal', i);
    for (const [i, indicator] of prefecturalNumeric.entries()) await record(indicator, 'prefectural', municipalNumeric.length + i);
  };
  await inParallel([figuresTask, ...prefectureReviewTasks, ...reviewTasks], concurrency);

  // 5. Review completed; scoring as the year moves to 'scored' (the scores and the step are one command).
  await advance('review_completed', '2024-10-01T00:00:00.000Z');
  await advance('scored', '2024-10-02T00:00:00.000Z');

  // 6. Trial calculations (試算), allocation, and the two-person finalization (起案 and 決裁).
  const calculation = grantCalculationStreamId(fiscalYear);
  const trial = (now: string) => send(calculation, ADMIN_A, new Date(now), (context) => new RunTrialCalculation(fiscalYear, context));
  await trial('2024-10-03T00:00:00.000Z');
  await advance('allocated', '2024-10-04T00:00:00.000Z');
  await trial('2024-10-07T00:00:00.000Z');
  const latest = await trial('2024-10-10T00:00:00.000Z');
  await send(calculation, ADMIN_A, new Date('2024-10-11T00:00:00.000Z'), (context) => new RequestFinalization(fiscalYear, latest.trial.trialNumber, context));
  await send(calculation, ADMIN_B, new Date('2024-10-15T00:00:00.000Z'), (context) => new ApproveFinalization(fiscalYear, context));
  await advance('finalized', '2024-10-16T00:00:00.000Z');
}
