/** What the sign-in page says for each code the API's OpenID Connect sign-in sends back (`/app/sign-in?error=…`). */
export const SIGN_IN_ERRORS: Readonly<Record<string, string>> = {
  'AUTH.OIDC_NOT_CONFIGURED': 'この環境では認証基盤によるログインは設定されていません。システム管理者に連絡してください。',
  'AUTH.OIDC_PROVIDER_UNAVAILABLE': '認証基盤に接続できませんでした。しばらくしてからもう一度ログインしてください。続く場合はシステム管理者に連絡してください。',
  'AUTH.OIDC_STATE_MISMATCH': 'ログインの手続きを確認できませんでした（時間切れ、または別の画面から戻りました）。もう一度「ログイン」を押してください。',
  'AUTH.OIDC_DENIED': '認証基盤でログインが完了しませんでした（取り消し、または同意されませんでした）。もう一度ログインしてください。',
  'AUTH.OIDC_CODE_REJECTED': '認証基盤が認可コードを受け付けませんでした（期限切れ・使用済み）。もう一度ログインしてください。',
  'AUTH.OIDC_ID_TOKEN_INVALID': '認証基盤からの本人確認情報（ID トークン）を検証できませんでした。システム管理者に連絡してください。',
  'AUTH.OIDC_ID_TOKEN_EXPIRED': '認証基盤からの本人確認情報の有効期限が切れていました。もう一度ログインしてください。パソコンの時刻がずれている場合はシステム管理者に連絡してください。',
  'AUTH.OIDC_NONCE_MISMATCH': '本人確認情報がこのログインの手続きのものではありませんでした。もう一度ログインしてください。',
  'AUTH.OIDC_ROLE_UNKNOWN': 'あなたのアカウントにはこのシステムの役割が登録されていません（または不明な役割です）。所属組織の管理者に役割の登録を依頼してください。',
  'AUTH.OIDC_ORGANISATION_INVALID': 'あなたのアカウントの所属組織コードがこのシステムの役割に合いません。所属組織の管理者に登録内容の確認を依頼してください。',
};

/** The Japanese explanation of a sign-in failure code, or a general one for a code this app does not know. */
export function signInErrorMessage(code: string): string {
  return SIGN_IN_ERRORS[code] ?? 'ログインできませんでした。もう一度ログインしてください。続く場合はシステム管理者に連絡してください。';
}
