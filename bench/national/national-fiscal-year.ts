/**
 * A deterministic, realistic national fiscal year (FY2024) built only from the pure domain deciders of
 * `@grants/domain` and appended through the `EventStore` contract (no SQL): 47 prefectures, 1,741 insurers with valid
 * 地方公共団体コード and a skewed 第1号被保険者数 (about 36 million in all), every insurer answering the municipal
 * framework over many drafts and submitting (some sent back by their prefecture and submitted again), the national
 * review of every answer (a few corrected), the prefectures' own answers and 所要見込額 (some below their score-based
 * share), the national figures, the phases, the scoring, three trial calculations and the two-person finalization.
 *
 * Deterministic for a seed: every stream draws from a PRNG of its own (seed × stream), decisions get a fake clock, and
 * command ids are derived from the seed, so only event ids, positions across streams and `recordedAt` (set by the
 * store) vary between runs. Streams are written concurrently; the store groups concurrent appends into one commit.
 */
import { createHash } from 'node:crypto';
import {
  advancePhase,
  Decider,
  DomainEvent,
  fiscalYearDecider,
  foldEvents,
  grantCalculationDecider,
  nationalFiguresDecider,
  prefectureSubmissionDecider,
  registerDecider,
  submissionDecider,
  AnswerReview,
  approveFinalization,
  calculationInputs,
  fiscalYearStreamId,
  FY2021_PREFECTURAL_FRAMEWORK,
  FY2024_MUNICIPAL_FRAMEWORK,
  grantCalculationStreamId,
  hashCalculationInputs,
  IndicatorAnswer,
  nationalFiguresStreamId,
  numericIndicators,
  NumericIndicator,
  openFiscalYear,
  Phase,
  Pools,
  PREFECTURES,
  PrefectureSubmissionContext,
  PrefectureSubmissionState,
  prefectureSubmissionStreamId,
  recordNationalFigures,
  RegisteredInsurer,
  registerInsurers,
  registerStreamId,
  requestFinalization,
  returnSubmission,
  reviewAnswer,
  reviewPrefectureAnswer,
  runTrialCalculation,
  saveAnswers,
  savePrefectureAnswers,
  scoreFiscalYear,
  selfAssessedIndicators,
  SelfAssessedIndicator,
  setRequestedAmounts,
  sha256Of,
  submissionStreamId,
  SubmissionContext,
  SubmissionState,
  submit,
  submitPrefecture,
  withCheckDigit,
} from '@grants/domain';
import { EventMetadata, EventStore, NewEvent } from '@grants/event-store';

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
const MUNICIPAL = FY2024_MUNICIPAL_FRAMEWORK;
const PREFECTURAL = FY2021_PREFECTURAL_FRAMEWORK;
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
// Writing streams through the store

interface Actor {
  readonly actorId: string;
  readonly actorRole: string;
  readonly organisationCode: string;
}
const ADMIN_A: Actor = { actorId: 'mhlw-admin-sato', actorRole: 'national-admin', organisationCode: 'MHLW' };
const ADMIN_B: Actor = { actorId: 'mhlw-admin-suzuki', actorRole: 'national-admin', organisationCode: 'MHLW' };
const REVIEWERS: readonly Actor[] = Array.from({ length: 8 }, (_, i) => ({
  actorId: `mhlw-reviewer-${String(i + 1).padStart(2, '0')}`,
  actorRole: 'national-reviewer',
  organisationCode: 'MHLW',
}));
const prefectureActor = (code: string): Actor => ({ actorId: `pref-${code}-kaigo`, actorRole: 'prefecture', organisationCode: code });
const insurerActor = (code: string): Actor => ({ actorId: `insurer-${code}-kaigo`, actorRole: 'insurer', organisationCode: code });

/** How a stream folds: its decider's initial state, evolve and event types. */
type Fold<S> = Pick<Decider<S, never, DomainEvent>, 'initialState' | 'evolve' | 'eventTypes'>;

class Counter {
  events = 0;
  private reported = 0;
  constructor(private readonly onProgress?: (events: number) => void) {}
  add(n: number): void {
    this.events += n;
    if (this.onProgress && this.events - this.reported >= 5_000) {
      this.reported = this.events;
      this.onProgress(this.events);
    }
  }
}

/** One stream: its state folded locally with the domain's evolve, its version, and its own command ids. */
class Stream<S> {
  state: S;
  private version = -1n;
  private commands = 0;
  constructor(
    private readonly store: EventStore,
    readonly id: string,
    private readonly fold: Fold<S>,
    private readonly counter: Counter,
    private readonly seed: number,
  ) {
    this.state = fold.initialState;
  }

  /** Decides against the current state and appends what the decider returns, as one command. */
  async run(actor: Actor, decide: (state: S) => readonly DomainEvent[], reason?: string): Promise<void> {
    const events = decide(this.state);
    this.commands += 1;
    if (events.length === 0) return;
    const metadata: EventMetadata = { ...actor, commandId: commandId(this.seed, this.id, this.commands), ...(reason !== undefined && { reason }) };
    const result = await this.store.append(this.id, events.map((e) => ({ type: e.type, ...(e.schemaVersion !== undefined && { schemaVersion: e.schemaVersion }), data: e.data as NewEvent['data'] })), {
      expectedVersion: this.version < 0n ? 'no_stream' : this.version,
      metadata,
    });
    this.state = foldEvents(this.fold, events, this.state);
    this.version = result.nextExpectedVersion;
    this.counter.add(events.length);
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

/** Builds the whole fiscal year into `store` (which should hold no FY2024 streams yet). */
export async function generateNationalFiscalYear(store: EventStore, options: NationalFiscalYearOptions): Promise<NationalFiscalYearResult> {
  const { seed, fiscalYear } = options;
  const target = options.targetEvents ?? 300_000;
  const concurrency = options.concurrency ?? 256;
  const counter = new Counter(options.onProgress);
  const insurers = nationalInsurers(seed, options.insurers ?? 1741);
  const stream = <S>(id: string, fold: Fold<S>) => new Stream(store, id, fold, counter, seed);

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
  const year = stream(fiscalYearStreamId(fiscalYear), fiscalYearDecider);
  await year.run(ADMIN_A, (state) =>
    openFiscalYear(
      {
        type: 'OpenFiscalYear',
        fiscalYear,
        pools: POOLS,
        municipalFramework: MUNICIPAL,
        prefecturalFramework: PREFECTURAL,
        frameworkHashes: { municipal: sha256Of(MUNICIPAL), prefectural: sha256Of(PREFECTURAL) },
        deadlines: DEADLINES,
        allocationRuleVersion: 'municipal-score-x-insured-v1',
        unitYen: '1000',
      },
      state,
      new Date('2024-04-01T00:00:00.000Z'),
    ),
  );
  const phase = () => (year.state.status === 'opened' ? year.state.phase : 'open');
  const advance = (to: Phase, now: string) =>
    year.run(ADMIN_A, (state) => advancePhase({ type: 'AdvancePhase', fiscalYear, to, readiness: { missing: [] } }, state, new Date(now)));

  // 2. The register, one prefecture at a time.
  const register = stream(registerStreamId(fiscalYear), registerDecider);
  for (const [i, prefecture] of prefectures.entries()) {
    const members = insurers
      .filter((insurer) => insurer.prefectureCode === prefecture.code)
      .map(({ code, name, prefectureCode, category1InsuredPersons }) => ({ code, name, prefectureCode, category1InsuredPersons }));
    await register.run(ADMIN_A, (state) =>
      registerInsurers({ fiscalYear, insurers: members, source: { kind: 'api' } }, state, phase(), new Date(at('2024-04-01T01:00:00.000Z') + i * 60_000)),
    );
  }

  // 3. Insurers answer, submit, are sometimes sent back, and submit again; prefectures answer and request amounts.
  const submissions = new Map<string, Stream<SubmissionState>>();
  const finals = new Map<string, Record<string, IndicatorAnswer>>();
  const insurerTasks = insurers.map((insurer) => async () => {
    const random = rngFor(seed, `insurer/${insurer.code}`);
    const s = stream(submissionStreamId(fiscalYear, insurer.code), submissionDecider);
    submissions.set(insurer.code, s);
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
    const context = (): SubmissionContext => ({
      fiscalYear,
      insurerCode: insurer.code,
      phase: phase(),
      submissionsDueAt: DEADLINES.submissionsDueAt,
      framework: MUNICIPAL,
      now: times[Math.min(t++, times.length - 1)],
    });
    const self = insurerActor(insurer.code);
    for (const answers of saves) await s.run(self, (state) => saveAnswers(answers, state, context()));
    await s.run(self, (state) => submit(state, context()));
    for (let r = 0; r < returns; r += 1) {
      const reason = random.pick(RETURN_REASONS);
      await s.run(prefectureActor(insurer.prefectureCode), (state) => returnSubmission(reason, state, context()), reason);
      const indicator = amended[r];
      await s.run(self, (state) => saveAnswers({ [indicator.id]: final[indicator.id] }, state, context()));
      const again = r + 1 < returns ? amended.slice(r + 1).map((i) => i.id) : [];
      const touch = municipalItems.find((i) => !again.includes(i.id) && i.id !== indicator.id) ?? indicator;
      await s.run(self, (state) => saveAnswers({ [touch.id]: final[touch.id] }, state, context()));
      await s.run(self, (state) => submit(state, context()));
    }
  });

  const prefectureStreams = new Map<string, Stream<PrefectureSubmissionState>>();
  const prefectureTasks = PREFECTURES.map((prefecture) => async () => {
    const random = rngFor(seed, `prefecture/${prefecture.code}`);
    const s = stream(prefectureSubmissionStreamId(fiscalYear, prefecture.code), prefectureSubmissionDecider);
    prefectureStreams.set(prefecture.code, s);
    const capability = random.between(0.45, 0.95);
    const final = Object.fromEntries(prefecturalItems.map((indicator) => [indicator.id, answerFor(indicator, capability, random)]));
    const saves = drafts(prefecturalItems, final, prefectureDrafts, capability, random);
    const times = timeline(random, at('2024-05-01T00:00:00.000Z'), at('2024-07-30T00:00:00.000Z'), saves.length + 2);
    let t = 0;
    const context = (): PrefectureSubmissionContext => ({
      fiscalYear,
      prefectureCode: prefecture.code,
      phase: phase(),
      dueAt: DEADLINES.prefectureSubmissionsDueAt,
      framework: PREFECTURAL,
      now: times[t++],
    });
    const self = prefectureActor(prefecture.code);
    for (const answers of saves) await s.run(self, (state) => savePrefectureAnswers(answers, state, context()));
    // 所要見込額: about a 47th of each prefectural pool; a quarter ask for less than their score-based share.
    const requested = (pool: string) => {
      const share = Number(BigInt(pool) / BigInt(PREFECTURES.length));
      const factor = random.chance(0.25) ? random.between(0.4, 0.75) : random.between(1.3, 2.5);
      return (BigInt(Math.floor((share * factor) / 1000)) * 1000n).toString();
    };
    const amounts = { suishinYen: requested(POOLS.suishinPrefecturalYen), shienYen: requested(POOLS.shienPrefecturalYen) };
    await s.run(self, (state) => setRequestedAmounts(amounts, state, context()));
    await s.run(self, (state) => submitPrefecture(state, context()));
  });
  await inParallel([...prefectureTasks, ...insurerTasks], concurrency);

  // 4. Submissions close; the national review and the national figures.
  await advance('submissions_closed', '2024-08-01T00:00:00.000Z');
  const reviewTasks = insurers.map((insurer) => async () => {
    const random = rngFor(seed, `review/${insurer.code}`);
    const s = submissions.get(insurer.code) as Stream<SubmissionState>;
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
        const now = times[t++];
        await s.run(
          reviewer,
          (state) => reviewAnswer(review, state, { fiscalYear, insurerCode: insurer.code, phase: phase(), submissionsDueAt: DEADLINES.submissionsDueAt, framework: MUNICIPAL, now }),
          review.reason,
        );
      }
    }
  });
  const prefectureReviewTasks = PREFECTURES.map((prefecture) => async () => {
    const random = rngFor(seed, `prefecture-review/${prefecture.code}`);
    const s = prefectureStreams.get(prefecture.code) as Stream<PrefectureSubmissionState>;
    const times = timeline(random, at('2024-08-02T00:00:00.000Z'), at('2024-09-25T00:00:00.000Z'), prefecturalItems.length);
    for (const [t, indicator] of prefecturalItems.entries()) {
      const answer = s.state.answers[indicator.id];
      const review: AnswerReview = random.chance(0.03)
        ? { indicatorId: indicator.id, decision: 'corrected', answer: otherAnswer(indicator, answer, random), reason: random.pick(CORRECTION_REASONS) }
        : { indicatorId: indicator.id, decision: 'accepted' };
      const context: PrefectureSubmissionContext = {
        fiscalYear,
        prefectureCode: prefecture.code,
        phase: phase(),
        dueAt: DEADLINES.prefectureSubmissionsDueAt,
        framework: PREFECTURAL,
        now: times[t],
      };
      await s.run(REVIEWERS[t % REVIEWERS.length], (state) => reviewPrefectureAnswer(review, state, context), review.reason);
    }
  });
  const figures = stream(nationalFiguresStreamId(fiscalYear), nationalFiguresDecider);
  const figuresTask = async () => {
    const random = rngFor(seed, 'national-figures');
    const registered = new Set(register.state.insurers.keys());
    const prefectureCodes = new Set(PREFECTURES.map((p) => p.code));
    const capabilityOf = new Map(insurers.map((i) => [i.code, i.capability]));
    const record = async (indicator: NumericIndicator, level: 'municipal' | 'prefectural', i: number) => {
      const codes = level === 'municipal' ? [...registered] : [...prefectureCodes];
      const list = codes.map((code) => {
        if (random.chance(0.015)) return { code, value: null };
        const quality = (capabilityOf.get(code) ?? 0.6) + 0.35 * random.normal();
        const value = indicator.direction === 'higherIsBetter' ? 50 + 40 * quality : 60 - 40 * quality;
        return { code, value: Math.max(0, Math.round(value * 10) / 10) };
      });
      const now = new Date(at('2024-08-05T00:00:00.000Z') + i * 3_600_000);
      await figures.run(REVIEWERS[i % REVIEWERS.length], () =>
        recordNationalFigures(
          { fiscalYear, indicatorId: indicator.id, figures: list },
          phase(),
          level === 'municipal' ? MUNICIPAL : PREFECTURAL,
          level === 'municipal' ? registered : prefectureCodes,
          now,
        ),
      );
    };
    for (const [i, indicator] of municipalNumeric.entries()) await record(indicator, 'municipal', i);
    for (const [i, indicator] of prefecturalNumeric.entries()) await record(indicator, 'prefectural', municipalNumeric.length + i);
  };
  await inParallel([figuresTask, ...prefectureReviewTasks, ...reviewTasks], concurrency);

  // 5. Review completed; scoring as the year moves to 'scored' (the scores and the step are one command).
  await advance('review_completed', '2024-10-01T00:00:00.000Z');
  const opened = year.state;
  if (opened.status !== 'opened') throw new Error('the fiscal year is not open');
  const prefectureStates = new Map([...prefectureStreams].map(([code, s]) => [code, s.state]));
  const scoredAt = new Date('2024-10-02T00:00:00.000Z');
  const scores = scoreFiscalYear(
    {
      year: opened,
      register: register.state,
      submissions: new Map([...submissions].map(([code, s]) => [code, s.state])),
      prefectureSubmissions: prefectureStates,
      figures: figures.state,
    },
    scoredAt,
  );
  await year.run(ADMIN_A, (state) => [
    scores,
    ...advancePhase({ type: 'AdvancePhase', fiscalYear, to: 'scored', readiness: { missing: [] } }, state, scoredAt),
  ]);

  // 6. Trial calculations (試算), allocation, and the two-person finalization (起案 and 決裁).
  const calculation = stream(grantCalculationStreamId(fiscalYear), grantCalculationDecider);
  const inputs = calculationInputs(opened, scores, register.state, prefectureStates);
  const inputsSha256 = hashCalculationInputs(inputs);
  const trial = (now: string) => calculation.run(ADMIN_A, (state) => runTrialCalculation(inputs, inputsSha256, state, phase(), new Date(now)));
  await trial('2024-10-03T00:00:00.000Z');
  await advance('allocated', '2024-10-04T00:00:00.000Z');
  await trial('2024-10-07T00:00:00.000Z');
  await trial('2024-10-10T00:00:00.000Z');
  const latest = calculation.state.trials;
  await calculation.run(ADMIN_A, (state) => requestFinalization(latest, ADMIN_A.actorId, state, fiscalYear, new Date('2024-10-11T00:00:00.000Z')));
  await calculation.run(ADMIN_B, (state) => approveFinalization(ADMIN_B.actorId, state, fiscalYear, new Date('2024-10-15T00:00:00.000Z')));
  await advance('finalized', '2024-10-16T00:00:00.000Z');

  options.onProgress?.(counter.events);
  return { events: counter.events, insurers: insurers.length, head: await store.headPosition() };
}
