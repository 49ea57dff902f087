/**
 * A person as tokens name them: the subject (`sub`) at its issuer (`iss`). A `sub` is unique only within its issuer
 * (OpenID Connect Core §5.7), so two records name the same person when both the subject and the issuer are equal.
 */
export interface PersonRef {
  readonly subject: string;
  /** Absent on records made before issuers were recorded. */
  readonly issuer?: string;
}

/**
 * Whether two records name the same person (the two-person rule's comparison). A record without an issuer counts as
 * the same issuer, so the rule errs on the side of refusing.
 */
export function samePerson(a: PersonRef, b: PersonRef): boolean {
  return a.subject === b.subject && (a.issuer === undefined || b.issuer === undefined || a.issuer === b.issuer);
}
