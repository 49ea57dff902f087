/**
 * Orders recipient codes (団体コード) by UTF-16 code units, ascending. This is the order of every output list and the
 * tie-break of the largest-remainder step. `localeCompare` is avoided on purpose: its order depends on the runtime's
 * ICU data, and an auditor's replay must give the same yen on any machine.
 */
export function compareRecipientCodes(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
