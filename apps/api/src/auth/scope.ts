import { ForbiddenException } from '@nestjs/common';
import { CodedErrorResponse } from '../common/http-exception.filter';
import { Actor, NATIONAL_ROLES, organisationLabel } from './actor';

/** Whether the route reads or changes the organisation's data. Auditors may only read. */
export type Access = 'read' | 'write';

const SIX_DIGITS = /^\d{6}$/;
const TWO_DIGITS = /^\d{2}$/;

/**
 * Whether the actor may act for an insurer (a 6-digit code): national roles for every insurer; a prefecture for the
 * insurers whose code starts with its own two digits; an insurer only for itself; an auditor for every insurer, but
 * only to read. Pure; a malformed code is in nobody's scope but the national roles'.
 */
export function canActForInsurer(actor: Actor, insurerCode: string, access: Access = 'read'): boolean {
  if (actor.role === 'auditor') return access === 'read';
  if (NATIONAL_ROLES.includes(actor.role)) return true;
  if (typeof insurerCode !== 'string' || !SIX_DIGITS.test(insurerCode)) return false;
  if (actor.role === 'prefecture') return insurerCode.slice(0, 2) === actor.organisationCode;
  return actor.role === 'insurer' && insurerCode === actor.organisationCode;
}

/**
 * Whether the actor may act for a prefecture ('01'–'47'): national roles for every prefecture; a prefecture only
 * for itself; insurers for none; an auditor for every prefecture, but only to read. Pure.
 */
export function canActForPrefecture(actor: Actor, prefectureCode: string, access: Access = 'read'): boolean {
  if (actor.role === 'auditor') return access === 'read';
  if (NATIONAL_ROLES.includes(actor.role)) return true;
  if (typeof prefectureCode !== 'string' || !TWO_DIGITS.test(prefectureCode)) return false;
  return actor.role === 'prefecture' && prefectureCode === actor.organisationCode;
}

/** Throws 403 AUTH.OUT_OF_SCOPE unless `canActForInsurer`. */
export function assertInsurerScope(actor: Actor, insurerCode: string, access: Access = 'read'): void {
  if (!canActForInsurer(actor, insurerCode, access)) throw outOfScope(actor, insurerCode, access);
}

/** Throws 403 AUTH.OUT_OF_SCOPE unless `canActForPrefecture`. */
export function assertPrefectureScope(actor: Actor, prefectureCode: string, access: Access = 'read'): void {
  if (!canActForPrefecture(actor, prefectureCode, access)) throw outOfScope(actor, prefectureCode, access);
}

function outOfScope(actor: Actor, target: string, access: Access): ForbiddenException {
  const who = organisationLabel(actor.organisationCode);
  const what = organisationLabel(String(target));
  const body: CodedErrorResponse = {
    code: 'AUTH.OUT_OF_SCOPE',
    message:
      access === 'write'
        ? `${who.ja} の利用者は ${what.ja} のデータを変更できません。 A user of ${who.en} cannot change the data of ${what.en}.`
        : `${who.ja} の利用者は ${what.ja} のデータを扱えません。 A user of ${who.en} cannot act for ${what.en}.`,
    details: { organisationCode: actor.organisationCode, role: actor.role, target: String(target), access },
  };
  return new ForbiddenException(body);
}
