import { CodedError } from '../domain-error';

/** Why part of a framework file was rejected; stable, so the admin screen can explain it next to the field. */
export type FrameworkIssueReason =
  | 'NOT_AN_OBJECT'
  | 'NOT_A_LIST'
  | 'EMPTY_LIST'
  | 'MISSING'
  | 'UNKNOWN_KEY'
  | 'NOT_A_STRING'
  | 'EMPTY_STRING'
  | 'INVALID_ID'
  | 'NOT_A_POSITIVE_INTEGER'
  | 'NOT_A_NON_NEGATIVE_INTEGER'
  | 'NOT_ALLOWED_VALUE'
  | 'UNSUPPORTED_VERSION'
  | 'INVALID_FISCAL_YEAR'
  | 'DUPLICATE_ID'
  | 'MISSING_GRANT'
  | 'GOAL_STRUCTURE'
  | 'GROUP_KIND_NOT_ALLOWED'
  | 'ANSWER_TYPE_NOT_ALLOWED'
  | 'GROUP_POINTS_MISMATCH'
  | 'GRANT_POINTS_MISMATCH'
  | 'GRANT_MAXIMUM_NOT_AS_PUBLISHED'
  | 'OPTION_POINTS_MISMATCH'
  | 'OPTION_EXCEEDS_INDICATOR'
  | 'BANDS_NOT_MONOTONE'
  | 'BAND_POINTS_MISMATCH'
  | 'INVALID_ACTIVITY_YEAR'
  | 'QUARTILE_POINTS_NOT_DIVISIBLE'
  | 'MEASURE_POINTS_MISMATCH'
  | 'EVALUATOR_NOT_ALLOWED'
  | 'DERIVED_SOURCE_NOT_ALLOWED'
  | 'BANDS_REQUIRED'
  | 'BANDS_NOT_ALLOWED'
  | 'UNKNOWN_SHARED_GROUP'
  | 'SHARED_GROUP_GRANTS'
  | 'GOAL_GROUPS_OR_SHARED_GROUP';

/** One problem in a framework file, located by a JSON path such as `$.grants[0].goals[1].groups[0].maxPoints`. */
export interface FrameworkIssue {
  readonly path: string;
  readonly reason: FrameworkIssueReason;
  readonly messageJa: string;
  readonly messageEn: string;
}

/** Issues listed in the error message; the full list is always on `issues`. */
const ISSUES_IN_MESSAGE = 5;

/**
 * A framework file failed validation. Every issue found is reported (in document order), not only the first, so the
 * administrator can fix the file in one pass. HTTP 400.
 */
export class InvalidFramework extends CodedError {
  readonly code = 'FRAMEWORK.INVALID';
  /** Mapped to HTTP 400 by the API's exception filter, with `details` listing every issue. */
  override readonly kind = 'invalid';

  constructor(readonly issues: readonly FrameworkIssue[]) {
    const shown = issues.slice(0, ISSUES_IN_MESSAGE);
    const more = issues.length - shown.length;
    const messageJa =
      `指標体系の定義が不正です（${issues.length}件）: ` +
      shown.map((i) => `${i.path}: ${i.messageJa}`).join('／') +
      (more > 0 ? `／ほか${more}件` : '');
    const messageEn =
      `Invalid indicator framework (${issues.length} issue${issues.length === 1 ? '' : 's'}): ` +
      shown.map((i) => `${i.path}: ${i.messageEn}`).join('; ') +
      (more > 0 ? `; and ${more} more` : '');
    super(messageJa, messageEn);
  }

  get details(): readonly FrameworkIssue[] {
    return this.issues;
  }

  /** Path of the first issue, the one a form would focus. */
  get path(): string {
    return this.issues[0]?.path ?? '$';
  }
}
