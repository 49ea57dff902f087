/**
 * The few pure facts of libs/domain the browser needs to label things (no rule, score or amount is computed here):
 * the 47 prefectures and the check digit of a 地方公共団体コード, for quick feedback on the sign-in form.
 */
export { PREFECTURES } from '../../../../libs/domain/src/recipients/prefectures';
export { isValidLocalGovernmentCode } from '../../../../libs/domain/src/recipients/local-government-code';
import { PREFECTURES } from '../../../../libs/domain/src/recipients/prefectures';

/** `24` → `三重県`; an insurer's code → its prefecture's name. */
export function prefectureName(code: string): string {
  return PREFECTURES.find((p) => p.code === code.slice(0, 2))?.name ?? code;
}
