/**
 * Why an OpenID Connect sign-in failed: a stable code for programs and the sign-in page, Japanese and English for
 * people. The callback is a browser navigation, so the code travels in the redirect (`/app/sign-in?error=…`) and the
 * web app shows the Japanese (apps/web/src/auth/sign-in-errors.ts holds the same text; a test keeps the two equal).
 */
export const OIDC_REFUSALS = {
  'AUTH.OIDC_NOT_CONFIGURED': ['この環境では認証基盤によるログインは設定されていません。システム管理者に連絡してください。', 'OpenID Connect sign-in is not configured here.'],
  'AUTH.OIDC_PROVIDER_UNAVAILABLE': ['認証基盤に接続できませんでした。しばらくしてからもう一度ログインしてください。続く場合はシステム管理者に連絡してください。', 'The identity provider could not be reached; try again later.'],
  'AUTH.OIDC_STATE_MISMATCH': ['ログインの手続きを確認できませんでした（時間切れ、または別の画面から戻りました）。もう一度「ログイン」を押してください。', 'The sign-in could not be matched to this browser (state mismatch or expired); start again.'],
  'AUTH.OIDC_DENIED': ['認証基盤でログインが完了しませんでした（取り消し、または同意されませんでした）。もう一度ログインしてください。', 'The identity provider did not complete the sign-in.'],
  'AUTH.OIDC_CODE_REJECTED': ['認証基盤が認可コードを受け付けませんでした（期限切れ・使用済み）。もう一度ログインしてください。', 'The identity provider refused the authorization code.'],
  'AUTH.OIDC_ID_TOKEN_INVALID': ['認証基盤からの本人確認情報（ID トークン）を検証できませんでした。システム管理者に連絡してください。', 'The ID token failed validation (signature, issuer or audience).'],
  'AUTH.OIDC_ID_TOKEN_EXPIRED': ['認証基盤からの本人確認情報の有効期限が切れていました。もう一度ログインしてください。パソコンの時刻がずれている場合はシステム管理者に連絡してください。', 'The ID token has expired.'],
  'AUTH.OIDC_NONCE_MISMATCH': ['本人確認情報がこのログインの手続きのものではありませんでした。もう一度ログインしてください。', 'The ID token nonce does not match this sign-in.'],
  'AUTH.OIDC_ROLE_UNKNOWN': ['あなたのアカウントにはこのシステムの役割が登録されていません（または不明な役割です）。所属組織の管理者に役割の登録を依頼してください。', 'The account carries no known role for this service.'],
  'AUTH.OIDC_ORGANISATION_INVALID': ['あなたのアカウントの所属組織コードがこのシステムの役割に合いません。所属組織の管理者に登録内容の確認を依頼してください。', 'The account organisation code does not fit its role.'],
} as const;

export type OidcRefusalCode = keyof typeof OIDC_REFUSALS;

/** Thrown while signing in through OpenID Connect; the callback turns it into a redirect to the sign-in page. */
export class OidcRefusal extends Error {
  constructor(
    readonly code: OidcRefusalCode,
    /** What went wrong in detail, for the log only (never shown: it may name the provider's internals). */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'OidcRefusal';
  }

  /** What the log says: the English sentence and the detail. */
  get logLine(): string {
    return `${this.code}: ${OIDC_REFUSALS[this.code][1]} (${this.detail})`;
  }
}
