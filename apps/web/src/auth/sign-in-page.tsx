import { Navigate, useSearchParams } from 'react-router-dom';
import { Notice } from '../components/page';
import { DevSignInForm } from './dev-sign-in-form';
import { homeOf } from './home';
import { useSession } from './session-context';
import { signInErrorMessage } from './sign-in-errors';

const ERROR_CODE = /^AUTH\.[A-Z_]{1,60}$/;

/**
 * サインイン: the button to the identity provider (OpenID Connect, through the API: /auth/oidc/login) wherever it is
 * configured, and the development sign-in (role and organisation) in development and test only. A failed sign-in comes
 * back here with `?error=<code>`, explained in Japanese with its code for the help desk.
 */
export function SignInPage() {
  const { session, methods, expired } = useSession();
  const [search] = useSearchParams();
  if (session) return <Navigate to={homeOf(session.role)} replace />;
  const error = search.get('error');
  const code = error && ERROR_CODE.test(error) ? error : undefined;

  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-2xl flex-col gap-6 px-6 py-12">
      <p className="text-std-20B-150 text-solid-gray-900">インセンティブ交付金 事務システム</p>
      <h1 className="text-std-32B-150">{methods.development ? '開発用サインイン' : 'ログイン'}</h1>
      {code && (
        <Notice tone="error" title="ログインできませんでした">
          <p>{signInErrorMessage(code)}</p>
          <p className="text-std-16N-170 text-solid-gray-800">エラーコード: {code}</p>
        </Notice>
      )}
      {expired && !code && <Notice title="ログインの有効期限が切れました">もう一度ログインしてください。</Notice>}
      {methods.oidc && (
        <section aria-labelledby="oidc-sign-in" className="flex flex-col gap-4">
          <h2 id="oidc-sign-in" className="text-std-24B-150">
            認証基盤でログイン
          </h2>
          <p className="text-std-16N-170">所属する府省・自治体のアカウント（GビズID 等）でログインします。ボタンを押すと認証基盤の画面に移ります。</p>
          <div>
            <a
              href="/auth/oidc/login"
              className="inline-flex min-h-11 items-center justify-center gap-2 rounded-8 border-2 border-blue-900 bg-blue-900 px-4 py-2 text-oln-16B-100 text-white hover:border-blue-1000 hover:bg-blue-1000 hover:underline active:bg-blue-1200"
            >
              ログイン（GビズID 等の認証基盤）
            </a>
          </div>
        </section>
      )}
      {methods.development && <DevSignInForm />}
      {!methods.oidc && !methods.development && (
        <Notice tone="error" title="ログインの方法が設定されていません">
          システム管理者に連絡してください（OIDC_ISSUER ほかの設定が必要です）。
        </Notice>
      )}
    </main>
  );
}
