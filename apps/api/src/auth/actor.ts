import { findPrefecture, isPrefectureCode, isValidLocalGovernmentCode } from '@grants/domain';

export const ROLES = ['national-admin', 'national-reviewer', 'prefecture', 'insurer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of the ministry: they carry the organisation code `MHLW` and reach every prefecture and insurer. */
export const NATIONAL_ROLES: readonly Role[] = ['national-admin', 'national-reviewer', 'auditor'];

/** The ministry's organisation code, carried by national administrators, reviewers and auditors. */
export const MINISTRY = 'MHLW';

/** The authenticated caller, as established by the bearer token (see tokens.ts). */
export interface Actor {
  readonly actorId: string;
  readonly role: Role;
  /** 'MHLW' for national roles and auditors, '01'–'47' for a prefecture, a 6-digit 地方公共団体コード for an insurer. */
  readonly organisationCode: string;
  /** The prefecture the actor belongs to: its own code for prefecture users, the first two digits for insurers. */
  readonly prefectureCode?: string;
  /**
   * The token's issuer (`iss`). A person is `actorId` (the token's `sub`) at this issuer: the two-person rule compares
   * both (libs/domain identity.ts), since a `sub` is unique only within its issuer.
   */
  readonly issuer?: string;
}

const ACTOR_ID = /^[\p{L}\p{N}_.@:-]{1,100}$/u;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Why (in English) a role/organisation pair is not acceptable, or undefined when it is. Never throws. */
export function organisationProblem(role: Role, organisationCode: string): string | undefined {
  switch (role) {
    case 'national-admin':
    case 'national-reviewer':
    case 'auditor':
      return organisationCode === MINISTRY ? undefined : `the organisation of a ${role} must be ${MINISTRY}, not "${organisationCode}"`;
    case 'prefecture':
      return isPrefectureCode(organisationCode) ? undefined : `the organisation of a prefecture must be a prefecture code 01–47, not "${organisationCode}"`;
    case 'insurer':
      if (!isValidLocalGovernmentCode(organisationCode) || !isPrefectureCode(organisationCode.slice(0, 2))) {
        return `the organisation of an insurer must be a 6-digit 地方公共団体コード with a valid check digit, not "${organisationCode}"`;
      }
      return organisationCode.slice(2, 5) === '000' ? `"${organisationCode}" is a prefecture's own code, not an insurer's` : undefined;
  }
}

/** Why (in English) token claims do not describe an acceptable actor, or undefined when they do. Never throws. */
export function actorProblem(role: unknown, organisationCode: unknown, actorId: unknown): string | undefined {
  if (typeof actorId !== 'string' || !ACTOR_ID.test(actorId)) return 'sub must be 1–100 letters, digits or _ . @ : -';
  if (!isRole(role)) return `role must be one of ${ROLES.join(', ')}`;
  if (typeof organisationCode !== 'string') return 'org is required';
  return organisationProblem(role, organisationCode);
}

/** The actor for already validated claims (see `actorProblem`); derives the prefecture of prefecture users and insurers. */
export function toActor(actorId: string, role: Role, organisationCode: string, issuer?: string): Actor {
  const prefectureCode = role === 'prefecture' ? organisationCode : role === 'insurer' ? organisationCode.slice(0, 2) : undefined;
  return { actorId, role, organisationCode, ...(prefectureCode !== undefined && { prefectureCode }), ...(issuer !== undefined && { issuer }) };
}

/** `厚生労働省 (MHLW)`, `三重県 (24)`, `242055（三重県）`: how messages name an organisation. */
export function organisationLabel(organisationCode: string): { ja: string; en: string } {
  if (organisationCode === MINISTRY) return { ja: '厚生労働省 (MHLW)', en: 'MHLW' };
  const prefecture = findPrefecture(organisationCode.length === 2 ? organisationCode : organisationCode.slice(0, 2));
  if (organisationCode.length === 2) {
    return prefecture ? { ja: `${prefecture.name} (${organisationCode})`, en: `prefecture ${organisationCode}` } : { ja: organisationCode, en: organisationCode };
  }
  return prefecture
    ? { ja: `保険者 ${organisationCode}（${prefecture.name}）`, en: `insurer ${organisationCode}` }
    : { ja: `保険者 ${organisationCode}`, en: `insurer ${organisationCode}` };
}
