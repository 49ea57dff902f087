import { isValidLocalGovernmentCode } from '@grants/domain';

export const ROLES = ['national-admin', 'national-reviewer', 'prefecture', 'insurer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The ministry's organisation code, carried by national administrators, reviewers and auditors. */
export const MINISTRY = 'MHLW';

/** The authenticated caller. */
export interface Actor {
  readonly actorId: string;
  readonly role: Role;
  /** 'MHLW' for national roles and auditors, '01'–'47' for a prefecture, a 6-digit 地方公共団体コード for an insurer. */
  readonly organisationCode: string;
  /** The prefecture the actor belongs to (prefecture users and insurers). */
  readonly prefectureCode?: string;
}

const PREFECTURE_CODE = /^(0[1-9]|[1-3]\d|4[0-7])$/;
const ACTOR_ID = /^[\p{L}\p{N}_.@:-]{1,100}$/u;

/** Why a role/organisation pair is not acceptable, or undefined when it is. */
export function actorProblem(role: unknown, organisationCode: unknown, actorId: unknown): string | undefined {
  if (typeof actorId !== 'string' || !ACTOR_ID.test(actorId)) return 'sub must be 1–100 letters, digits or _ . @ : -';
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return `role must be one of ${ROLES.join(', ')}`;
  if (typeof organisationCode !== 'string') return 'org is required';
  switch (role as Role) {
    case 'national-admin':
    case 'national-reviewer':
    case 'auditor':
      return organisationCode === MINISTRY ? undefined : `org of a ${role} must be ${MINISTRY}`;
    case 'prefecture':
      return PREFECTURE_CODE.test(organisationCode) ? undefined : 'org of a prefecture must be a prefecture code 01–47';
    case 'insurer':
      return isValidLocalGovernmentCode(organisationCode) && PREFECTURE_CODE.test(organisationCode.slice(0, 2))
        ? undefined
        : 'org of an insurer must be a 6-digit 地方公共団体コード with a valid check digit';
  }
}

export function toActor(actorId: string, role: Role, organisationCode: string): Actor {
  const prefectureCode = role === 'prefecture' ? organisationCode : role === 'insurer' ? organisationCode.slice(0, 2) : undefined;
  return { actorId, role, organisationCode, ...(prefectureCode && { prefectureCode }) };
}
