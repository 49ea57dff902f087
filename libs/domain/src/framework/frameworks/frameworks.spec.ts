import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * The shipped format-v2 frameworks checked against the reference tables (reference/municipal-framework-FY2024-2026.md
 * §1–§3, reference/prefectural-framework-FY2025-2026.md §1–§2). The files are read as plain JSON, independently of the
 * framework parser, so the data is checked on its own: every expectation below is written out from the reference.
 */

interface Option {
  readonly id: string;
  readonly label: string;
  readonly points: number;
}
interface Measure {
  readonly id: string;
  readonly label: string;
  readonly direction: string;
  readonly bands: unknown;
  readonly points: number;
}
interface Indicator {
  readonly id: string;
  readonly number: string;
  readonly label: string;
  readonly points: number;
  readonly evaluatedBy: string;
  readonly answerType: string;
  readonly selection?: string;
  readonly options?: readonly Option[];
  readonly direction?: string;
  readonly bands?: unknown;
  readonly base?: string;
  readonly combine?: string;
  readonly measures?: readonly Measure[];
  readonly source?: string;
  readonly note?: string;
  readonly unknown?: readonly string[];
}
interface Group {
  readonly id: string;
  readonly kind: string;
  readonly title: string;
  readonly maxPoints: number;
  readonly countsIn?: readonly string[];
  readonly indicators: readonly Indicator[];
}
interface Goal {
  readonly id: string;
  readonly title: string;
  readonly groups?: readonly Group[];
  readonly sharedGroup?: string;
}
interface Grant {
  readonly grant: string;
  readonly title: string;
  readonly maxPoints: number;
  readonly goals: readonly Goal[];
}
interface ExtraFrame {
  readonly id: string;
  readonly grant: string;
  readonly title: string;
  readonly maxPoints: number;
  readonly enabled: boolean;
  readonly indicators: readonly Indicator[];
}
interface FrameworkFile {
  readonly frameworkVersion: number;
  readonly fiscalYear: string;
  readonly activityYear: string;
  readonly level: string;
  readonly title: string;
  readonly note: string;
  readonly sources: readonly string[];
  readonly rules: Readonly<Record<string, unknown>>;
  readonly sharedGroups: readonly Group[];
  readonly grants: readonly Grant[];
  readonly extraFrames?: readonly ExtraFrame[];
}

const MUNICIPAL_YEARS = ['FY2024', 'FY2025', 'FY2026'] as const;
const PREFECTURAL_YEARS = ['FY2025', 'FY2026'] as const;

const read = (name: string): FrameworkFile => JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as FrameworkFile;
const municipal = Object.fromEntries(MUNICIPAL_YEARS.map((fy) => [fy, read(`municipal-${fy}.json`)]));
const prefectural = Object.fromEntries(PREFECTURAL_YEARS.map((fy) => [fy, read(`prefectural-${fy}.json`)]));

/** Every group of a file keyed `grant goal-kind` (e.g. `suishin I-i`), the shared ones by their id. */
function groupsOf(file: FrameworkFile): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const shared of file.sharedGroups) groups.set(shared.id, shared);
  for (const grant of file.grants) {
    for (const goal of grant.goals) for (const group of goal.groups ?? []) groups.set(`${grant.grant} ${group.id}`, group);
  }
  return groups;
}

function indicatorsOf(file: FrameworkFile): Indicator[] {
  return [
    ...[...groupsOf(file).values()].flatMap((group) => group.indicators),
    ...(file.extraFrames ?? []).flatMap((frame) => frame.indicators),
  ];
}

function indicator(file: FrameworkFile, id: string): Indicator {
  const found = indicatorsOf(file).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`${file.fiscalYear}: no indicator ${id}`);
  return found;
}

/** "ア4 イ①2 …": the published marks and points of a requirement item's sub-items. */
const subItems = (item: Indicator): string => (item.options ?? []).map((o) => `${o.label}${o.points}`).join(' ');
/** ア①–④ … at `points` each, in the reference's order. */
const quarters = (marks: string, points: number): string =>
  [...marks].flatMap((mark) => ['①', '②', '③', '④'].map((c) => `${mark}${c}${points}`)).join(' ');
const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);

/** What an indicator can earn at most: options and measures summed (or the best measure for `alt`), then capped. */
function attainable(item: Indicator): number {
  if (item.options && item.selection === 'multiple') return Math.min(sum(item.options.map((o) => o.points)), item.points);
  if (item.measures) {
    const points = item.measures.map((m) => m.points);
    return Math.min(item.combine === 'alt' ? Math.max(...points) : sum(points), item.points);
  }
  return item.points;
}

/** Points written in the scored columns of the national workbook (before the either/or caps). */
function columnPoints(item: Indicator): number {
  return item.measures ? sum(item.measures.map((m) => m.points)) : item.points;
}

const MUNICIPAL_GROUP_MAXIMA: Readonly<Record<string, number>> = {
  'suishin I-i': 64,
  'suishin I-ii': 36,
  'suishin II-i': 68,
  'suishin II-ii': 32,
  'suishin III-i': 64,
  'suishin III-ii': 36,
  'IV-outcome': 100,
  'shien I-i': 52,
  'shien I-ii': 48,
  'shien II-i': 64,
  'shien II-ii': 36,
  'shien III-i': 68,
  'shien III-ii': 32,
};

/** Reference §2: id → [title, points, sub-items] where the item is the same in FY2024–FY2026. */
const SAME_EVERY_YEAR: Readonly<Record<string, readonly [string, number, string?]>> = {
  'suishin-I-i-1': ['地域の介護保険事業の特徴', 16, 'ア4 イ4 ウ4 エ4'],
  'suishin-I-i-2': ['事業計画の進捗状況', 16, 'ア4 イ4 ウ4 エ4'],
  'suishin-I-i-3': ['施策の実施状況の把握・改善', 16, quarters('アイウエ', 1)],
  'suishin-I-i-4': ['評価結果の活用', 16, 'ア4 イ4 ウ4 エ4'],
  'suishin-I-ii-1': ['今年度の評価得点', 12],
  'suishin-I-ii-2': ['後期高齢者と給付費の伸び率比較', 12],
  'suishin-I-ii-3': ['PFS委託事業数', 12],
  'suishin-II-i-1': ['給付費適正化方策の策定状況', 32, 'ア8 イ8 ウ8 エ8'],
  'suishin-II-ii-1': ['ケアプラン点検の実施状況', 16],
  'suishin-II-ii-2': ['医療情報との突合の実施状況', 16],
  'suishin-III-i-1': ['介護人材の確保・定着の取組状況', 30, 'ア6 イ6 ウ6 エ6 オ6'],
  'suishin-III-i-2': ['庁内・庁外における連携体制', 34, 'ア6 イ6 ウ①2 ウ②2 ウ③2 ウ④2 ウ⑤2 エ6 オ6'],
  'suishin-III-ii-1': ['介護の仕事の魅力に関する研修の実施状況', 12],
  'suishin-III-ii-2': ['介護人材の定着・資質向上に関する研修の実施状況', 12],
  'suishin-III-ii-3': ['介護支援専門員に対する研修の実施状況', 12],
  'IV-1': ['短期的な要介護度の変化（要介護１・２）', 20],
  'IV-2': ['長期的な要介護度の変化（要介護１・２）', 20],
  'IV-3': ['短期的な要介護度の変化（要介護３～５）', 20],
  'IV-4': ['長期的な要介護度の変化（要介護３～５）', 20],
  'IV-5': ['健康寿命延伸の状況', 20],
  'shien-I-i-1': ['データを活用した課題の把握', 6, 'ア1 イ1 ウ2 エ2'],
  'shien-I-i-2': ['アウトリーチ等の取組状況', 9, 'ア1 イ2 ウ①1 ウ②1 ウ③1 ウ④1 エ2'],
  'shien-I-i-3': ['介護予防等と保健事業の一体的実施', 7, 'ア1 イ2 ウ2 エ2'],
  'shien-I-i-5': ['地域リハビリテーションの推進', 7, 'ア1 イ2 ウ2 エ2'],
  'shien-I-ii-1': ['地域包括支援センター３職種の配置状況', 4],
  'shien-I-ii-2': ['地域包括支援センター事業評価の達成状況', 12],
  'shien-I-ii-3': ['個別事例の検討割合', 4],
  'shien-I-ii-4': ['通いの場への参加率', 8],
  'shien-I-ii-5': ['ポイント事業への参加率', 4],
  'shien-I-ii-6': ['心身・認知機能維持・改善者の割合', 4],
  'shien-I-ii-7': ['生活支援コーディネーター数', 4],
  'shien-I-ii-8': ['生活支援コーディネーターの地域ケア会議への参加割合', 4],
  'shien-I-ii-9': ['多様なサービスの実施状況', 4],
  'shien-II-i-2': ['早期診断・早期対応の体制構築', 19, 'ア4 イ5 ウ5 エ5'],
  'shien-II-ii-1': ['認知症サポーター数', 12],
  'shien-II-ii-2': ['認知症サポーターステップアップ講座修了者数', 12],
  'shien-II-ii-3': ['認知症地域支援推進員の業務の状況', 12],
  'shien-III-i-1': ['在宅医療・介護連携に関する課題・対応策の検討', 26, 'ア5 イ6 ウ5 エ5 オ5'],
  'shien-III-i-2': ['在宅医療・介護連携の具体的取組状況', 21, 'ア5 イ①2 イ②2 イ③2 ウ5 エ5'],
  'shien-III-i-3': ['医療・介護関係者間の情報共有', 21, 'ア5 イ6 ウ5 エ5'],
  'shien-III-ii-1': ['入退院支援の実施状況', 16],
  'shien-III-ii-2': ['人生の最終段階における支援の実施状況', 16],
};

const SUPPORTERS = '認知症サポーター等を活用した地域支援体制の構築';
const HEARING = '難聴高齢者の早期発見・早期介入';
const RISK_PROOFING = '給付費適正化事業の取組状況';

/** Reference §2: the items that differ between the years, per year (id → [title, points, sub-items]). */
const BY_YEAR: Readonly<Record<string, Readonly<Record<string, readonly [string, number, string]>>>> = {
  FY2024: {
    'suishin-II-i-2': [RISK_PROOFING, 36, 'ア①2 ア②2 ア③2 イ①2 イ②2 イ③2 ウ8 エ8 オ8'],
    'shien-I-i-4': ['通いの場参加者の健康状態の把握・分析', 7, 'ア1 イ2 ウ2 エ2'],
    'shien-I-i-6': ['介護予防・生活支援の体制整備', 9, 'ア1 イ2 ウ2 エ2 オ2'],
    'shien-I-i-7': ['多様なサービスの活用推進', 7, 'ア1 イ2 ウ2 エ2'],
    'shien-II-i-1': ['認知症初期集中支援チームの活動状況', 20, 'ア5 イ5 ウ5 エ5'],
    'shien-II-i-3': [SUPPORTERS, 25, 'ア5 イ5 ウ5 エ5 オ5'],
  },
  FY2025: {
    'suishin-II-i-2': [RISK_PROOFING, 36, 'ア6 イ①2 イ②2 イ③2 ウ8 エ8 オ8'],
    'shien-I-i-4': ['通いの場参加者の健康状態の把握・分析', 7, 'ア1 イ2 ウ1 エ1 オ2'],
    'shien-I-i-6': ['介護予防・生活支援の体制整備', 9, 'ア1 イ2 ウ2 エ2 オ2'],
    'shien-I-i-7': ['多様なサービスの活用推進', 7, 'ア1 イ1 ウ1 エ1 オ1 カ2'],
    'shien-II-i-1': [SUPPORTERS, 25, 'ア5 イ5 ウ5 エ5 オ5'],
    'shien-II-i-3': [HEARING, 20, 'ア5 イ5 ウ5 エ5'],
  },
  FY2026: {
    'suishin-II-i-2': [RISK_PROOFING, 36, 'ア6 イ①2 イ②2 イ③2 ウ8 エ8 オ8'],
    'shien-I-i-4': ['通いの場参加者の健康状態の把握・分析', 7, 'ア1 イ2 ウ1 エ1 オ2'],
    'shien-I-i-6': ['介護予防・生活支援の体制整備', 9, 'ア1 イ1 ウ1 エ2 オ2 カ2'],
    'shien-I-i-7': ['多様なサービスの活用推進', 7, 'ア1 イ1 ウ1 エ1 オ1 カ2'],
    'shien-II-i-1': [SUPPORTERS, 25, 'ア4 イ4 ウ4 エ4 オ4 カ5'],
    'shien-II-i-3': [HEARING, 20, 'ア5 イ5 ウ5 エ5'],
  },
};

/** Reference §2: banded items and the base and combination the reference gives them. */
const NON_ZERO_BASE_PER_REFERENCE = ['suishin-III-ii-1', 'suishin-III-ii-2', 'shien-I-ii-5', 'shien-II-ii-2'];
const COMBINED: Readonly<Record<string, readonly [string, readonly number[]]>> = {
  'IV-1': ['alt', [20, 20]],
  'IV-3': ['alt', [20, 20]],
  'IV-5': ['alt', [20, 20]],
  'shien-I-ii-2': ['add', [4, 4, 4]],
  'shien-I-ii-4': ['add', [4, 4]],
  'shien-I-ii-9': ['alt', [4, 4, 4]],
  'shien-III-ii-1': ['add', [8, 8]],
  'shien-III-ii-2': ['add', [8, 8]],
};

const NUMBERED_AS_ID = /^(suishin|shien)-(I|II|III)-(i|ii)-(\d+)$|^IV-(\d+)$/;

describe('the shipped format-v2 frameworks', () => {
  it('are the five files of this folder', () => {
    const files = readdirSync(__dirname).filter((name) => name.endsWith('.json'));
    expect(files.sort()).toEqual([
      'municipal-FY2024.json',
      'municipal-FY2025.json',
      'municipal-FY2026.json',
      'prefectural-FY2025.json',
      'prefectural-FY2026.json',
    ]);
  });

  describe.each([...Object.values(municipal), ...Object.values(prefectural)])('$level $fiscalYear', (file) => {
    it('is format v2 and evaluates the activities of the year before (grant year N → activity year N−1)', () => {
      expect(file.frameworkVersion).toBe(2);
      expect(file.activityYear).toBe(`FY${Number(file.fiscalYear.slice(2)) - 1}`);
      expect(file.title).toContain(file.level === 'municipal' ? '（市町村分）' : '（都道府県分）');
      expect(file.rules).toEqual({ bandThreshold: 'floor', missingFigures: 'zero-in-n', groupCap: true });
    });

    it('names its sources with the reference ids and URLs', () => {
      expect(file.sources.length).toBeGreaterThan(3);
      for (const source of file.sources) expect(source.trim()).not.toBe('');
      const primary = file.level === 'municipal' ? 'RW-CSV3 https://github.com/' : 'RW-KG3 https://github.com/';
      expect(file.sources.some((source) => source.startsWith(primary))).toBe(true);
    });

    it('gives every indicator an id unique in the file, and unique option and measure ids', () => {
      const ids = indicatorsOf(file).map((item) => item.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const item of indicatorsOf(file)) {
        const subIds = [...(item.options ?? []), ...(item.measures ?? [])].map((sub) => sub.id);
        expect(new Set(subIds).size).toBe(subIds.length);
      }
    });

    it('is 800 points: 推進 400 + 支援 400, goals I–IV of 100 each, IV one group counted in both grants', () => {
      expect(file.grants.map((grant) => grant.grant)).toEqual(['suishin', 'shien']);
      expect(file.sharedGroups.map((group) => [group.id, group.maxPoints, group.countsIn])).toEqual([
        ['IV-outcome', 100, ['suishin', 'shien']],
      ]);
      const shared = new Map(file.sharedGroups.map((group) => [group.id, group]));
      let total = 0;
      for (const grant of file.grants) {
        expect(grant.goals.map((goal) => goal.id)).toEqual(['I', 'II', 'III', 'IV']);
        expect(grant.goals[3].sharedGroup).toBe('IV-outcome');
        const goalTotals = grant.goals.map((goal) =>
          goal.sharedGroup
            ? (shared.get(goal.sharedGroup)?.maxPoints ?? 0)
            : sum((goal.groups ?? []).map((group) => group.maxPoints)),
        );
        expect(goalTotals).toEqual([100, 100, 100, 100]);
        expect(grant.maxPoints).toBe(400);
        total += sum(goalTotals);
      }
      expect(total).toBe(800);
    });

    it('fills every group to its maximum once the documented caps apply, and gives each item at most its points', () => {
      for (const [key, group] of groupsOf(file)) {
        expect([key, sum(group.indicators.map((item) => item.points))]).toEqual([key, group.maxPoints]);
        expect([key, sum(group.indicators.map(attainable))]).toEqual([key, group.maxPoints]);
      }
    });

    it('scores requirement sub-items as a multiple choice whose sub-items add up to the item', () => {
      for (const item of indicatorsOf(file).filter((candidate) => candidate.answerType === 'choice')) {
        expect([item.id, item.selection]).toEqual([item.id, 'multiple']);
        expect([item.id, sum((item.options ?? []).map((o) => o.points))]).toEqual([item.id, item.points]);
      }
    });

    it('gives every banded measure a direction, quartile bands (or explicit ones worth the item) and a base', () => {
      for (const item of indicatorsOf(file).filter((candidate) => candidate.answerType === 'numeric')) {
        if (item.measures) {
          expect(['alt', 'add']).toContain(item.combine);
          for (const measure of item.measures) {
            expect(['higherIsBetter', 'lowerIsBetter']).toContain(measure.direction);
            expect(measure.bands).toBe('quartiles');
          }
          continue;
        }
        expect(['higherIsBetter', 'lowerIsBetter']).toContain(item.direction);
        expect(['all', 'nonZero']).toContain(item.base);
        if (item.bands !== 'quartiles') {
          // Explicit bands are listed best first: the best one is worth the whole item, and each next one less.
          const bands = item.bands as readonly { topPercent: number; points: number }[];
          expect([item.id, bands[0].points]).toEqual([item.id, item.points]);
          bands.slice(1).forEach((band, i) => expect(band.points).toBeLessThan(bands[i].points));
        }
      }
    });

    it('lists what is not known as non-empty sentences', () => {
      for (const item of indicatorsOf(file)) {
        if (item.unknown === undefined) continue;
        expect(item.unknown.length).toBeGreaterThan(0);
        for (const sentence of item.unknown) expect(sentence.trim().length).toBeGreaterThan(10);
      }
    });
  });

  describe('municipal FY2024–FY2026 (reference/municipal-framework-FY2024-2026.md)', () => {
    it.each(MUNICIPAL_YEARS)('%s has the published group maxima, identical in the three years', (fy) => {
      const maxima = Object.fromEntries([...groupsOf(municipal[fy])].map(([key, group]) => [key, group.maxPoints]));
      expect(maxima).toEqual(MUNICIPAL_GROUP_MAXIMA);
      expect(sum(Object.values(maxima))).toBe(700);
    });

    it.each(MUNICIPAL_YEARS)('%s holds every indicator of §2 with its title, points and sub-items', (fy) => {
      const file = municipal[fy];
      const expected = { ...SAME_EVERY_YEAR, ...BY_YEAR[fy] };
      const actual = Object.fromEntries(
        indicatorsOf(file)
          .filter((item) => !item.id.startsWith('outcome-oriented'))
          .map((item) => [item.id, item.options ? [item.label, item.points, subItems(item)] : [item.label, item.points]]),
      );
      expect(actual).toEqual(expected);
    });

    it.each(MUNICIPAL_YEARS)('%s numbers each indicator as its id says and orders the items by number', (fy) => {
      for (const group of groupsOf(municipal[fy]).values()) {
        const numbers = group.indicators.map((item) => {
          const match = NUMBERED_AS_ID.exec(item.id);
          expect([item.id, item.number]).toEqual([item.id, match?.[4] ?? match?.[5]]);
          return Number(item.number);
        });
        expect(numbers).toEqual(numbers.map((_, i) => i + 1));
      }
    });

    it.each(MUNICIPAL_YEARS)('%s: (i) items are answered by the insurer, (ii) and IV evaluated by MHLW', (fy) => {
      for (const [key, group] of groupsOf(municipal[fy])) {
        const expected = group.kind === 'i' ? 'insurer' : 'mhlw';
        for (const item of group.indicators) expect([key, item.id, item.evaluatedBy]).toEqual([key, item.id, expected]);
        if (group.kind === 'i') expect(group.indicators.every((item) => item.answerType === 'choice')).toBe(true);
      }
    });

    it.each(MUNICIPAL_YEARS)('%s marks the ?→MHLW items (source of the figure not known) in `unknown`', (fy) => {
      const file = municipal[fy];
      const questionable = [...groupsOf(file)]
        .filter(([key, group]) => group.kind === 'ii' && key !== 'suishin I-ii')
        .flatMap(([, group]) => group.indicators)
        .concat([indicator(file, 'suishin-I-ii-2'), indicator(file, 'suishin-I-ii-3')]);
      for (const item of questionable) {
        expect([item.id, (item.unknown ?? []).some((s) => /statistics/.test(s))]).toEqual([item.id, true]);
      }
    });

    it.each(MUNICIPAL_YEARS)('%s: 今年度の評価得点 is derived from the own total of the same year, in quartiles', (fy) => {
      const item = indicator(municipal[fy], 'suishin-I-ii-1');
      expect([item.answerType, item.source, item.bands, item.points]).toEqual(['derived', 'ownTotal', 'quartiles', 12]);
      expect(item.unknown?.some((s) => s.includes('includes this item'))).toBe(true);
    });

    it.each(MUNICIPAL_YEARS)('%s combines the two- and three-measure items as the reference says', (fy) => {
      const file = municipal[fy];
      const combined = indicatorsOf(file).filter((item) => item.measures);
      expect(combined.map((item) => item.id).sort()).toEqual(Object.keys(COMBINED).sort());
      for (const [id, [combine, measures]] of Object.entries(COMBINED)) {
        const item = indicator(file, id);
        expect([id, item.combine, item.measures?.map((m) => m.points)]).toEqual([id, combine, measures]);
      }
      expect(indicator(file, 'shien-I-ii-9').unknown?.some((s) => s.includes('エ'))).toBe(true);
    });

    it.each(MUNICIPAL_YEARS)('%s caps IV-1/3/5 at 20 (160 in the columns) and 支援Ⅰ(ii)-9 at 4', (fy) => {
      const file = municipal[fy];
      const iv = groupsOf(file).get('IV-outcome')?.indicators ?? [];
      expect(sum(iv.map(columnPoints))).toBe(160);
      expect(sum(iv.map(attainable))).toBe(100);
      for (const id of ['IV-1', 'IV-3', 'IV-5']) expect(attainable(indicator(file, id))).toBe(20);
      const nine = indicator(file, 'shien-I-ii-9');
      expect([columnPoints(nine), attainable(nine)]).toEqual([12, 4]);
      // The reference's 57 columns of 支援Ⅰ(ii) include 9エ (1 point), whose role is unknown and not represented.
      const shienIii = groupsOf(file).get('shien I-ii')?.indicators ?? [];
      expect(sum(shienIii.map(columnPoints)) + 1).toBe(57);
      expect(sum(shienIii.map(attainable))).toBe(48);
    });

    it.each(MUNICIPAL_YEARS)('%s ranks only non-zero figures where the reference infers an implementers base', (fy) => {
      const file = municipal[fy];
      for (const id of NON_ZERO_BASE_PER_REFERENCE) expect([id, indicator(file, id).base]).toEqual([id, 'nonZero']);
      for (const item of indicatorsOf(file).filter((candidate) => candidate.base === 'nonZero')) {
        expect([item.id, item.unknown?.some((s) => s.includes('nonZero') || s.includes('non-zero'))]).toEqual([
          item.id,
          true,
        ]);
      }
    });

    it.each(MUNICIPAL_YEARS)('%s marks a guessed direction in `unknown`', (fy) => {
      const guessed = ['suishin-I-ii-2', 'IV-1', 'IV-2', 'IV-3', 'IV-4', 'IV-5', 'shien-II-ii-3'];
      for (const id of guessed) {
        const item = indicator(municipal[fy], id);
        expect([id, item.unknown?.some((s) => /direction/i.test(s) && /guess/.test(s))]).toEqual([id, true]);
      }
      expect(indicator(municipal[fy], 'suishin-I-ii-2').direction).toBe('lowerIsBetter');
    });

    it('splits 推進Ⅱ(i)2 ア into ①②③ in FY2024 only', () => {
      const labels = (fy: string) => (indicator(municipal[fy], 'suishin-II-i-2').options ?? []).map((o) => o.label);
      expect(labels('FY2024').slice(0, 3)).toEqual(['ア①', 'ア②', 'ア③']);
      expect(labels('FY2025')[0]).toBe('ア');
      expect(labels('FY2026')).toEqual(labels('FY2025'));
    });

    it('changes 支援Ⅱ(i) every year: 初期集中支援チーム in FY2024, 難聴高齢者 from FY2025, カ in FY2026', () => {
      const titles = (fy: string) => (groupsOf(municipal[fy]).get('shien II-i')?.indicators ?? []).map((i) => i.label);
      expect(titles('FY2024')).toEqual(['認知症初期集中支援チームの活動状況', '早期診断・早期対応の体制構築', SUPPORTERS]);
      expect(titles('FY2025')).toEqual([SUPPORTERS, '早期診断・早期対応の体制構築', HEARING]);
      expect(titles('FY2026')).toEqual(titles('FY2025'));
      expect(subItems(indicator(municipal.FY2025, 'shien-II-i-1'))).not.toBe(
        subItems(indicator(municipal.FY2026, 'shien-II-i-1')),
      );
    });

    it('differs between the years only where the reference lists a change', () => {
      const shape = (fy: string) =>
        indicatorsOf(municipal[fy])
          .filter((item) => !(item.id in BY_YEAR[fy]) && !item.id.startsWith('outcome-oriented'))
          .map((item) => [item.id, item.label, item.points, subItems(item), item.answerType, item.evaluatedBy]);
      expect(shape('FY2025')).toEqual(shape('FY2024'));
      expect(shape('FY2026')).toEqual(shape('FY2025'));
    });

    it('carries the FY2026 成果指向型配分枠 as an extra frame of 100 outside the 800, off by default', () => {
      expect(municipal.FY2024.extraFrames).toBeUndefined();
      expect(municipal.FY2025.extraFrames).toBeUndefined();
      const frames = municipal.FY2026.extraFrames ?? [];
      expect(frames.map((f) => [f.id, f.grant, f.title, f.maxPoints, f.enabled])).toEqual([
        ['outcome-oriented', 'suishin', '成果指向型配分枠', 100, false],
      ]);
      expect(sum(frames[0].indicators.map((item) => item.points))).toBe(100);
      expect(frames[0].indicators[0].unknown?.some((s) => s.includes('money'))).toBe(true);
    });
  });

  describe('prefectural FY2025–FY2026 (reference/prefectural-framework-FY2025-2026.md)', () => {
    it.each(PREFECTURAL_YEARS)('%s: 推進Ⅰ(ⅰ) 60 with its sub-items and 著しく得点の低い市町村がない (6, derived)', (fy) => {
      const file = prefectural[fy];
      expect(groupsOf(file).get('suishin I-i')?.maxPoints).toBe(60);
      expect(subItems(indicator(file, 'suishin-I-i-1'))).toBe('ア6 イ6 ウ7 エ7 オ7');
      expect(subItems(indicator(file, 'suishin-I-i-2'))).toBe('ア5 イ5 ウ5 エ6');
      const low = indicator(file, 'suishin-I-i-2-e');
      expect([low.answerType, low.source, low.points, low.evaluatedBy]).toEqual([
        'derived',
        'noMarkedlyLowMunicipality',
        6,
        'mhlw',
      ]);
      expect(low.label).toContain('管内に著しく得点の低い市町村がない');
    });

    it.each(PREFECTURAL_YEARS)('%s: 推進Ⅰ(ⅱ) 40 with 今年度の管内市町村全体の平均得点 (8, derived, quartiles)', (fy) => {
      const file = prefectural[fy];
      expect(groupsOf(file).get('suishin I-ii')?.maxPoints).toBe(40);
      const average = indicator(file, 'suishin-I-ii-2');
      expect([average.label, average.answerType, average.source, average.bands, average.points]).toEqual([
        '今年度の管内市町村全体の平均得点',
        'derived',
        'municipalAverage',
        'quartiles',
        8,
      ]);
      const labels = (groupsOf(file).get('suishin I-ii')?.indicators ?? []).map((item) => [item.label, item.points]);
      expect(labels.slice(0, 4)).toEqual([
        ['今年度の管内市町村全体の平均得点', 8],
        ['年齢調整後1人当たり給付費の差', 8],
        ['年齢調整後要介護認定率の差', 8],
        ['伴走支援の実施回数', 8],
      ]);
    });

    it.each(PREFECTURAL_YEARS)('%s says plainly that each placeholder is not an MHLW item', (fy) => {
      const file = prefectural[fy];
      expect(file.note).toContain('THE PLACEHOLDERS ARE NOT MHLW');
      const placeholders = indicatorsOf(file).filter((item) => item.id.endsWith('-placeholder'));
      // One per group whose items are unknown (推進Ⅱ/Ⅲ, 支援Ⅰ/Ⅱ/Ⅲ × (ⅰ)/(ⅱ)) and the fifth 推進Ⅰ(ⅱ) item.
      expect(placeholders).toHaveLength(11);
      for (const item of placeholders) {
        expect(item.label.startsWith('（仮）')).toBe(true);
        expect(item.label).toContain('厚生労働省の指標ではない');
        expect([item.id, item.unknown?.some((s) => s.includes('NOT an MHLW indicator'))]).toEqual([item.id, true]);
      }
      for (const [key, group] of groupsOf(file)) {
        if (['suishin I-i', 'suishin I-ii', 'IV-outcome'].includes(key)) continue;
        expect([key, group.indicators.map((item) => [item.id.endsWith('-placeholder'), item.points])]).toEqual([
          key,
          [[true, group.maxPoints]],
        ]);
      }
    });

    it.each(PREFECTURAL_YEARS)('%s marks the inferred goal IV items as inferred', (fy) => {
      const iv = groupsOf(prefectural[fy]).get('IV-outcome')?.indicators ?? [];
      // Prefixed `pref-`: a year's national figures are keyed by indicator id, so they must not meet the municipal IV-1 … IV-5.
      expect(iv.map((item) => [item.id, item.points])).toEqual([
        ['pref-IV-1', 20],
        ['pref-IV-2', 20],
        ['pref-IV-3', 20],
        ['pref-IV-4', 20],
        ['pref-IV-5', 20],
      ]);
      for (const item of iv) expect(item.unknown?.some((s) => s.includes('inferred [I]'))).toBe(true);
    });

    it('says that FY2025 reuses the FY2026 items, and carries no extra frame in either year', () => {
      expect(prefectural.FY2025.note).toContain('only the 800 maximum is confirmed');
      expect(prefectural.FY2025.extraFrames).toBeUndefined();
      expect(prefectural.FY2026.extraFrames).toBeUndefined();
    });
  });
});
