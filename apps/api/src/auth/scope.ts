import { ForbiddenException } from '@nestjs/common';
import { Actor } from './actor';

const NATIONAL = new Set(['national-admin', 'national-reviewer', 'auditor']);

/** National roles act for every insurer; a prefecture for its own municipalities; an insurer only for itself. */
export function canActForInsurer(actor: Actor, insurerCode: string): boolean {
  if (NATIONAL.has(actor.role)) return true;
  if (actor.role === 'prefecture') return insurerCode.slice(0, 2) === actor.organisationCode;
  return actor.role === 'insurer' && actor.organisationCode === insurerCode;
}

/** National roles act for every prefecture; a prefecture only for itself; insurers for none. */
export function canActForPrefecture(actor: Actor, prefectureCode: string): boolean {
  if (NATIONAL.has(actor.role)) return true;
  return actor.role === 'prefecture' && actor.organisationCode === prefectureCode;
}

export function assertInsurerScope(actor: Actor, insurerCode: string): void {
  if (!canActForInsurer(actor, insurerCode)) throw outOfScope(actor, `保険者 ${insurerCode}`, `insurer ${insurerCode}`);
}

export function assertPrefectureScope(actor: Actor, prefectureCode: string): void {
  if (!canActForPrefecture(actor, prefectureCode)) throw outOfScope(actor, `都道府県 ${prefectureCode}`, `prefecture ${prefectureCode}`);
}

function outOfScope(actor: Actor, targetJa: string, targetEn: string): ForbiddenException {
  return new ForbiddenException({
    code: 'AUTH.OUT_OF_SCOPE',
    message: `${actor.organisationCode} の担当者は${targetJa}を操作できません。 A user of ${actor.organisationCode} cannot act for ${targetEn}.`,
  });
}
