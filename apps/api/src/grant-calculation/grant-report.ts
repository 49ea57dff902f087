import { formatJstWareki, neutraliseFormula } from '@grants/domain';
import type { GrantAndActivityYears, RecordedPool } from '@grants/domain';

/** Japanese names of the four pools, as published. */
export const POOL_TITLES: Readonly<Record<string, string>> = {
  'suishin-municipal': '保険者機能強化推進交付金（市町村分）',
  'suishin-prefectural': '保険者機能強化推進交付金（都道府県分）',
  'shien-municipal': '介護保険保険者努力支援交付金（市町村分）',
  'shien-prefectural': '介護保険保険者努力支援交付金（都道府県分）',
};

/** Yen as 千円, exactly: whole thousands print as integers, anything else with three decimals (never a float). */
export function toThousandYen(yen: string | bigint): string {
  const value = BigInt(yen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = abs / 1000n;
  const rest = abs % 1000n;
  return rest === 0n ? `${sign}${whole}` : `${sign}${whole}.${rest.toString().padStart(3, '0')}`;
}

/** Yen as whole 千円 as the 交付額一覧 prints them: 千円未満切捨て (floored, also below zero: −2,500 円 is −3 千円). */
export function wholeThousandYen(yen: bigint): bigint {
  const floor = yen / 1000n;
  return yen < 0n && yen % 1000n !== 0n ? floor - 1n : floor;
}

/** Yen per person with two decimals, truncated (exact; never a float); empty without persons. */
export function perCapitaYen(yen: bigint, persons: number | null): string {
  if (!persons) return '';
  const hundredths = (yen * 100n) / BigInt(persons);
  const sign = hundredths < 0n ? '-' : '';
  const abs = hundredths < 0n ? -hundredths : hundredths;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** The one formula guard of every export (libs/domain/src/csv/csv-writer.ts). */
export const neutralise = neutraliseFormula;

export type ReportLevel = 'municipal' | 'prefectural';
const GRANTS = ['suishin', 'shien'] as const;
export const GRANT_TITLES = { suishin: '推進交付金', shien: '支援交付金', total: '合計' } as const;
export const LEVEL_SHEETS: Readonly<Record<ReportLevel, string>> = { municipal: '市町村分', prefectural: '都道府県分' };

/** One amount column of a grant: its header and how a recipient's, the pool's unallocated and rounding amounts read. */
interface Measure {
  readonly label: string;
  amount(pool: string, code: string): bigint | null;
  unallocated(pool: string): bigint | null;
  remainder(pool: string): bigint | null;
}

/** A line of the list: a recipient, 合計, 未配分 or うち端数; amounts in yen, per grant and 合計, one per measure. */
export interface ReportLine {
  readonly code: string;
  readonly name: string;
  readonly persons: number | null;
  readonly suishin: readonly (bigint | null)[];
  readonly shien: readonly (bigint | null)[];
  readonly total: readonly (bigint | null)[];
  /** 確定 (or 再算定) ÷ 第1号被保険者数, yen with two decimals; '' on totals. */
  readonly perCapita: string;
  /** Competition rank by 合計 paid, among the level's recipients (1, 2, 2, 4); null on totals. */
  readonly rank: number | null;
}

export interface ReportSection {
  readonly level: ReportLevel;
  readonly sheetName: string;
  readonly recipients: readonly ReportLine[];
  /** 合計, 未配分 (what was not paid: unplaced money and rounding remainders), うち端数 (the rounding part). */
  readonly totals: readonly ReportLine[];
}

export interface GrantReport {
  /** 「令和6年度 交付額一覧（確定）」 */
  readonly title: string;
  /** 確定, 試算2, 再算定1. */
  readonly label: string;
  readonly years: GrantAndActivityYears;
  /** When the calculation was decided, as offices read it: 「令和7年3月31日 15:00（JST）」; '' when not known. */
  readonly decidedAtJst: string;
  /** The amount columns of each grant: 案 / 追加交付 / 確定, or after a recalculation 確定 / 再算定 / 差額. */
  readonly measures: readonly string[];
  readonly sections: readonly ReportSection[];
}

export interface ReportSource {
  readonly label: string;
  readonly years: GrantAndActivityYears;
  readonly pools: readonly RecordedPool[];
  /** The finalized pools a recalculation is compared with; absent for a trial or the final calculation. */
  readonly finalPools?: readonly RecordedPool[];
  /** When the calculation was decided (ISO 8601, UTC), as recorded; absent when not known. */
  readonly decidedAt?: string;
  nameOf(code: string): string;
  /** 第1号被保険者数 of an insurer, or of a prefecture (its insurers' sum); null when unknown. */
  personsOf(level: ReportLevel, code: string): number | null;
}

const yen = (value: string | undefined): bigint | null => (value === undefined ? null : BigInt(value));
const lookup = (pools: readonly RecordedPool[]) => {
  const byPool = new Map(pools.map((p) => [p.pool as string, { pool: p, amounts: new Map(p.recipients.map((r) => [r.code, r])) }]));
  return { recipient: (pool: string, code: string) => byPool.get(pool)?.amounts.get(code), pool: (pool: string) => byPool.get(pool)?.pool };
};

/**
 * The columns of a calculation: 案 / 追加交付 / 確定 where the rule recorded them (mhlw-fy2024-v1); on older rules only
 * 確定 is recorded, and 案 and 追加交付 stay empty (the layout is the same every year). After a recalculation:
 * 確定 (the finalized amounts), 再算定 and 差額 (再算定 − 確定: positive is 追加交付, negative 返還).
 */
function measuresOf(pools: readonly RecordedPool[], finalPools: readonly RecordedPool[] | undefined): Measure[] {
  const now = lookup(pools);
  if (finalPools) {
    const final = lookup(finalPools);
    const paid = (at: typeof now) => (pool: string, code: string) => (at.pool(pool) ? BigInt(at.recipient(pool, code)?.amountYen ?? '0') : null);
    const unallocated = (at: typeof now) => (pool: string) => yen(at.pool(pool)?.unallocatedYen);
    const remainder = (at: typeof now) => (pool: string) => yen(at.pool(pool)?.roundingRemainderYen);
    const difference = <A extends string[]>(before: (...at: A) => bigint | null, after: (...at: A) => bigint | null) => (...at: A) => {
      const [a, b] = [before(...at), after(...at)];
      return a === null || b === null ? null : b - a;
    };
    return [
      { label: '確定', amount: paid(final), unallocated: unallocated(final), remainder: remainder(final) },
      { label: '再算定', amount: paid(now), unallocated: unallocated(now), remainder: remainder(now) },
      {
        label: '差額（追加交付・返還）',
        amount: difference(paid(final), paid(now)),
        unallocated: difference(unallocated(final), unallocated(now)),
        remainder: difference(remainder(final), remainder(now)),
      },
    ];
  }
  const none = () => null;
  return [
    { label: '案', amount: (pool, code) => yen(now.recipient(pool, code)?.draftYen), unallocated: none, remainder: none },
    { label: '追加交付', amount: (pool, code) => yen(now.recipient(pool, code)?.additionalYen), unallocated: none, remainder: none },
    { label: '確定', amount: (pool, code) => yen(now.recipient(pool, code)?.amountYen), unallocated: (pool) => yen(now.pool(pool)?.unallocatedYen), remainder: (pool) => yen(now.pool(pool)?.roundingRemainderYen) },
  ];
}

const sum = (values: readonly (bigint | null)[]) => (values.every((v) => v === null) ? null : values.reduce<bigint>((total, v) => total + (v ?? 0n), 0n));

function line(code: string, name: string, persons: number | null, suishin: (bigint | null)[], shien: (bigint | null)[]): Omit<ReportLine, 'perCapita' | 'rank'> {
  return { code, name, persons, suishin, shien, total: suishin.map((v, i) => sum([v, shien[i]])) };
}

/** The 交付額一覧 of a calculation: per level one section, recipients in recorded order, without those who get nothing. */
export function grantReport(source: ReportSource): GrantReport {
  const measures = measuresOf(source.pools, source.finalPools);
  const paidIndex = source.finalPools ? 1 : 2;
  const sections = (['municipal', 'prefectural'] as const).map((level): ReportSection => {
    const poolIds = GRANTS.map((grant) => `${grant}-${level}`);
    const codes = [...new Set([...(source.finalPools ?? []), ...source.pools].filter((p) => poolIds.includes(p.pool)).flatMap((p) => p.recipients.map((r) => r.code)))];
    const per = (code: string, grant: (typeof GRANTS)[number]) => measures.map((m) => m.amount(`${grant}-${level}`, code));
    const lines = codes
      .map((code) => line(code, source.nameOf(code), source.personsOf(level, code), per(code, 'suishin'), per(code, 'shien')))
      .filter((l) => l.total.some((v) => v !== null && v !== 0n));
    const paid = (l: Omit<ReportLine, 'perCapita' | 'rank'>) => l.total[paidIndex] ?? 0n;
    const recipients = lines.map((l) => ({ ...l, perCapita: perCapitaYen(paid(l), l.persons), rank: 1 + lines.filter((other) => paid(other) > paid(l)).length }));
    const column = (grant: 'suishin' | 'shien', i: number) => sum(recipients.map((r) => r[grant][i]));
    const totals = [
      line('', '合計', recipients.some((r) => r.persons === null) ? null : recipients.reduce((n, r) => n + (r.persons ?? 0), 0), measures.map((_, i) => column('suishin', i)), measures.map((_, i) => column('shien', i))),
      line('', '未配分', null, measures.map((m) => m.unallocated(`suishin-${level}`)), measures.map((m) => m.unallocated(`shien-${level}`))),
      line('', 'うち端数', null, measures.map((m) => m.remainder(`suishin-${level}`)), measures.map((m) => m.remainder(`shien-${level}`))),
    ].map((l) => ({ ...l, perCapita: '', rank: null }));
    return { level, sheetName: LEVEL_SHEETS[level], recipients, totals };
  });
  return {
    title: `${source.years.grantYear.name} 交付額一覧（${source.label}）`,
    label: source.label,
    years: source.years,
    decidedAtJst: source.decidedAt === undefined ? '' : formatJstWareki(source.decidedAt),
    measures: measures.map((m) => m.label),
    sections,
  };
}
