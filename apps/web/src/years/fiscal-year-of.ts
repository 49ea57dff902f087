/** The Japanese fiscal year (April–March, in JST) a moment falls in: 2026-11-30 → 2026 (令和8年度). */
export function fiscalYearOf(now: Date): number {
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  return jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
}
