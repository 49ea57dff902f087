import { allocationRuleOf, calculatePools, CsvCell, POOLS, RecordedPool } from '@grants/domain';
import { CalculateInput } from './calculate-input';

/**
 * `calculate`'s result: the four pools divided by calculatePools, the function the service's trial calculation,
 * recalculation and the audit replay run, and shown per pool and recipient as 案 / 確定 / 追加交付 with the draft's
 * components. Years under a single-pass rule (recorded before the settlement rules) have 確定 only.
 */
export interface CalculateResult {
  readonly input: CalculateInput;
  readonly pools: readonly RecordedPool[];
  readonly invariants: readonly string[];
}

export function calculateFromInput(input: CalculateInput): CalculateResult {
  return { input, ...calculatePools(input.inputs) };
}

const poolOf = (pool: RecordedPool) => POOLS.find((p) => p.pool === pool.pool) ?? POOLS[0];

/** The result as JSON: the rule applied, then per pool its totals and per recipient its columns, amounts in yen. */
export function calculateJson(result: CalculateResult): unknown {
  const { inputs, names } = result.input;
  const rule = allocationRuleOf(inputs.ruleVersion);
  return {
    fiscalYear: inputs.fiscalYear,
    ruleVersion: inputs.ruleVersion,
    rule: { weight: rule.weight, rounding: rule.rounding, settlement: rule.settlement, components: rule.components },
    unitYen: inputs.unitYen.toString(),
    pools: result.pools.map((pool) => {
      const { grant, level } = poolOf(pool);
      return {
        pool: pool.pool,
        grant,
        level,
        poolYen: pool.poolYen,
        draftYen: pool.draftYen,
        freedYen: pool.freedYen,
        additionalYen: pool.additionalYen,
        finalYen: pool.placedYen,
        unallocatedYen: pool.unallocatedYen,
        roundingRemainderYen: pool.roundingRemainderYen,
        unplacedYen: pool.unplacedYen,
        rounds: pool.rounds,
        recipients: pool.recipients.map((r) => ({
          code: r.code,
          name: names.get(`${level}/${r.code}`),
          weight: r.weight,
          requestYen: r.capYen,
          components: r.components,
          draftYen: r.draftYen,
          additionalYen: r.additionalYen,
          finalYen: r.amountYen,
          capped: r.capped,
          filled: r.filled,
          exactFinalYen: r.exactShareYen,
        })),
      };
    }),
    invariants: result.invariants,
  };
}

const GRANT_SHORT = { suishin: '推進', shien: '支援' } as const;
const LEVEL_JA = { municipal: '市町村', prefectural: '都道府県' } as const;
const COMPONENT_TITLES: Readonly<Record<string, string>> = { A: '基本配分枠等', B: '追加配分枠', C: '激変緩和措置' };

/** Yen as 千円: whole when the amount is, else with the yen as decimals (1234567 → 1234.567). */
export function thousandYen(yen: string | undefined): string | undefined {
  if (yen === undefined) return undefined;
  const value = BigInt(yen);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const rest = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${sign}${abs / 1000n}${rest === '' ? '' : `.${rest}`}`;
}

/**
 * The result as CSV records (for the one CSV writer): per pool a row per recipient (団体), then プール額, 合計 (Σ案,
 * Σ追加交付, Σ確定), 未配分 = pool − Σ確定 and its parts うち端数 (rounding) and うち配分先なし (no headroom left);
 * the summary rows carry their amount in the 確定 columns. Amounts in 円 and in 千円.
 */
export function calculateCsvRecords(result: CalculateResult): CsvCell[][] {
  const { names, inputs } = result.input;
  const components = allocationRuleOf(inputs.ruleVersion).components.map((c) => c.id);
  const records: CsvCell[][] = [
    [
      '交付金', '区分', '行', 'コード', '名称', 'ウェイト', '所要見込額（円）',
      ...components.map((id) => `${id} ${COMPONENT_TITLES[id] ?? id}（円）`),
      '交付見込額（案）（円）', '追加交付（円）', '確定（円）', '交付見込額（案）（千円）', '追加交付（千円）', '確定（千円）', '備考',
    ],
  ];
  for (const pool of result.pools) {
    const { grant, level } = poolOf(pool);
    const head: CsvCell[] = [GRANT_SHORT[grant], LEVEL_JA[level]];
    const amounts = (draft: string | undefined, additional: string | undefined, final: string | undefined): CsvCell[] => [
      draft, additional, final, thousandYen(draft), thousandYen(additional), thousandYen(final),
    ];
    for (const r of pool.recipients) {
      const note = r.capped ? '所要見込額まで減額' : r.filled ? '所要見込額まで追加交付' : null;
      records.push([...head, '団体', r.code, names.get(`${level}/${r.code}`), r.weight, r.capYen, ...components.map((id) => r.components?.[id]), ...amounts(r.draftYen, r.additionalYen, r.amountYen), note]);
    }
    const summary = (row: string, draft: string | undefined, additional: string | undefined, final: string | undefined, note: string | null = null) =>
      records.push([...head, row, null, null, null, null, ...components.map(() => null), ...amounts(draft, additional, final), note]);
    summary('プール額', undefined, undefined, pool.poolYen);
    summary('合計', pool.draftYen, pool.additionalYen, pool.placedYen);
    summary('未配分', undefined, undefined, pool.unallocatedYen, 'プール額 − 確定の合計');
    if (pool.roundingRemainderYen !== undefined) summary('うち端数', undefined, undefined, pool.roundingRemainderYen, `${pool.rounding ?? ''} 端数処理`);
    if (pool.unplacedYen !== undefined) summary('うち配分先なし', undefined, undefined, pool.unplacedYen, '所要見込額を超えて配分できない額');
  }
  return records;
}
