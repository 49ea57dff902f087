import type { Framework } from '../../src/api/types';
import { MIE, SeedApi } from './seed';

/**
 * The six municipalities of the walk's register: none that the other walks sign in as (桑名市, 津市, 四日市市, 伊勢市), so
 * that this newer, finalized year gives them no results of their own.
 */
export const WALK_INSURERS = MIE.slice(6, 12);

/** The register file as an office keeps it (UTF-8, CRLF). */
export function registerCsv(rows: readonly { code: string; name: string; category1InsuredPersons: number }[]): string {
  return ['保険者番号,保険者名,第1号被保険者数', ...rows.map((r) => `${r.code},${r.name},${r.category1InsuredPersons}`)].join('\r\n') + '\r\n';
}

const numericIds = (framework: Framework) =>
  framework.grants.flatMap((g) => g.goals.flatMap((goal) => goal.groups.flatMap((group) => group.indicators.filter((i) => i.answerType === 'numeric').map((i) => i.id))));

/** The national figures file (long layout): insurer k, and prefecture k, get 100 − k on every numeric indicator. */
export async function nationalFiguresCsv(api: SeedApi, fiscalYear: string): Promise<string> {
  const admin = await api.token('national-admin', 'MHLW');
  const municipal = await api.call<Framework>('GET', `/fiscal-years/${fiscalYear}/frameworks/municipal`, admin);
  const prefectural = await api.call<Framework>('GET', `/fiscal-years/${fiscalYear}/frameworks/prefectural`, admin);
  const prefectures = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'));
  const lines = [
    ...numericIds(municipal).flatMap((id) => WALK_INSURERS.map((insurer, k) => `${insurer.code},${id},${100 - k}`)),
    ...numericIds(prefectural).flatMap((id) => prefectures.map((code, k) => `${code},${id},${100 - k}`)),
  ];
  return ['保険者番号,指標ID,数値', ...lines].join('\r\n') + '\r\n';
}

/** After 内示: two municipalities ask for 1,000千円 less than their 案 in both grants, 三重県 for 500千円 less in 推進. */
export async function requestAmounts(api: SeedApi, fiscalYear: string): Promise<void> {
  type Draft = { pools: { pool: string; draftYen: string }[] };
  const less = (draft: Draft, pool: string, by: bigint) => (BigInt(draft.pools.find((p) => p.pool === pool)!.draftYen) - by).toString();
  for (const insurer of WALK_INSURERS.slice(2, 4)) {
    const token = await api.token('insurer', insurer.code);
    const draft = await api.call<Draft>('GET', `/fiscal-years/${fiscalYear}/calculations/draft/${insurer.code}`, token);
    await api.call('PUT', `/fiscal-years/${fiscalYear}/submissions/${insurer.code}/requested-amounts`, token, {
      suishinYen: less(draft, 'suishin-municipal', 1_000_000n),
      shienYen: less(draft, 'shien-municipal', 1_000_000n),
    });
  }
  const mie = await api.token('prefecture', '24');
  const own = await api.call<Draft>('GET', `/fiscal-years/${fiscalYear}/calculations/draft/24`, mie);
  await api.call('PUT', `/fiscal-years/${fiscalYear}/prefectures/24/requested-amounts`, mie, { suishinYen: less(own, 'suishin-prefectural', 500_000n), shienYen: less(own, 'shien-prefectural', 0n) });
}
