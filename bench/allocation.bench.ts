import { allocate, AllocationInput, AllocationRecipientInput, municipalDefaultWeight } from '@grants/domain/allocation';
import { mulberry32 } from './national/national-fiscal-year';

const INSURERS = 1741;
/** 推進 municipal pool of FY2021 (about 190億円). */
const POOL_YEN = 19_000_000_000n;
const WARM_UP_RUNS = 100;
const MEASURED_RUNS = 200;

/** mulberry32 (as the national generator), as 32-bit integers: every run of the bench divides the same synthetic year. */
function prng(seed: number): () => number {
  const float = mulberry32(seed);
  return () => float() * 2 ** 32;
}

/**
 * 1,741 insurers with skewed populations (300 + u⁵ × 116,000 category-1 insured persons each, about 36 million in
 * all, like the national total of people aged 65+) and 推進 scores of 120–379 points. One insurer in six gets a cap of
 * 40–119.9% of its uncapped share: those under 100% are capped in round 1, and the money they free raises the level
 * past some of the others, so the fill caps a few hundred recipients over several rounds.
 */
function municipalYear(withCaps: boolean): { input: AllocationInput; insuredPersons: bigint } {
  const next = prng(20_240_401);
  let insuredPersons = 0n;
  const base = Array.from({ length: INSURERS }, (_, i) => {
    const u = next() / 2 ** 32;
    const persons = 300n + BigInt(Math.floor(u * u * u * u * u * 116_000));
    insuredPersons += persons;
    const score = 120n + BigInt(next() % 260);
    return { code: String(10_000 + i * 263).padStart(6, '0'), weight: municipalDefaultWeight(score, persons) };
  });
  const totalWeight = base.reduce((sum, r) => sum + r.weight, 0n);
  const recipients: AllocationRecipientInput[] = base.map((r) => {
    const draw = next();
    if (!withCaps || draw % 6 !== 0) return r;
    const share = (POOL_YEN * r.weight) / totalWeight;
    return { ...r, capYen: (share * BigInt(400 + (draw % 800))) / 1000n };
  });
  return { input: { poolYen: POOL_YEN, ruleVersion: 'municipal/score-x-category1/v1', recipients }, insuredPersons };
}

function medianMs(input: AllocationInput): string {
  for (let i = 0; i < WARM_UP_RUNS; i++) allocate(input);
  const samples: bigint[] = [];
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const start = process.hrtime.bigint();
    allocate(input);
    samples.push(process.hrtime.bigint() - start);
  }
  samples.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = (samples[(MEASURED_RUNS - 1) >> 1] + samples[MEASURED_RUNS >> 1]) / 2n;
  return `${(Number(median) / 1e6).toFixed(2)} ms`;
}

/** Median time of one allocation of a 1,741-insurer municipal pool, with and without caps. */
export async function benchAllocation(): Promise<{ scenario: string; value: string }[]> {
  const capped = municipalYear(true);
  const uncapped = municipalYear(false);
  const shape = allocate(capped.input);
  const cappedCount = shape.recipients.filter((r) => r.capped).length;
  return [
    { scenario: 'allocation 1,741 recipients with caps (median)', value: medianMs(capped.input) },
    { scenario: 'allocation 1,741 recipients without caps (median)', value: medianMs(uncapped.input) },
    {
      scenario: 'allocation 1,741 recipients with caps (shape)',
      value: `${shape.rounds.length} rounds, ${cappedCount} capped, ${capped.insuredPersons} category-1 insured, ${MEASURED_RUNS} runs`,
    },
  ];
}
