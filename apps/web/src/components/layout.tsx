import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import type { Role } from '../api/types';
import { ROLE_LABELS, useSignedIn, useSession } from '../auth/session-context';
import { prefectureName } from '../shared/domain';
import { AsOfBanner } from '../audit/as-of-banner';
import { Button } from './button';

/** Each role's own pages, in the order of its work; an item stays marked on the pages under it. */
const NAVIGATION: Record<Role, readonly { to: string; label: string; end?: boolean }[]> = {
  'national-admin': [
    { to: '/app/national', label: '年度一覧' },
    { to: '/app/review', label: '国の審査' },
    { to: '/app/audit', label: '監査' },
  ],
  'national-reviewer': [
    { to: '/app/review', label: '国の審査' },
    { to: '/app/national', label: '年度一覧' },
    { to: '/app/audit', label: '監査' },
  ],
  auditor: [
    { to: '/app/audit', label: 'チェーン検証', end: true },
    { to: '/app/audit/replay', label: '再計算の照合' },
    { to: '/app/audit/timeline', label: '変更の経緯' },
    { to: '/app/audit/as-of', label: 'ある時点の状態' },
    { to: '/app/audit/diff', label: '算定の比較' },
    { to: '/app/audit/export', label: '記録の書出し' },
    { to: '/app/national', label: '年度一覧' },
  ],
  prefecture: [
    { to: '/app/prefecture', label: '市町村の提出状況' },
    { to: '/app/prefecture-import', label: '回答の一括取込' },
    { to: '/app/prefecture-own', label: '都道府県の自己評価' },
    { to: '/app/prefecture-requests', label: '所要見込額' },
    { to: '/app/prefecture-results', label: '評価結果・交付額' },
  ],
  insurer: [
    { to: '/app/insurer', label: '自己評価（調査票）' },
    { to: '/app/results', label: '評価結果・交付額' },
  ],
};

export function organisationName(role: Role, organisationCode: string): string {
  if (role === 'prefecture') return `${prefectureName(organisationCode)}（${organisationCode}）`;
  if (role === 'insurer') return `保険者番号 ${organisationCode}（${prefectureName(organisationCode)}）`;
  return '厚生労働省';
}

/** Header (service name, who is signed in, sign-out), the role's navigation, and the page. */
export function Layout() {
  const session = useSignedIn();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2">
        本文へ移動
      </a>
      <header className="border-b-4 border-blue-900 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-6 py-3">
          <p className="text-std-20B-150 text-solid-gray-900">インセンティブ交付金 事務システム</p>
          <div className="flex flex-wrap items-center gap-4">
            <p className="text-std-16N-170 text-solid-gray-900" data-testid="signed-in-as">
              <span className="text-std-16B-170">{ROLE_LABELS[session.role]}</span>
              <span className="mx-2" aria-hidden="true">
                ｜
              </span>
              {organisationName(session.role, session.organisationCode)}
              <span className="mx-2" aria-hidden="true">
                ｜
              </span>
              利用者 ID: {session.actorId}
            </p>
            <Button
              variant="secondary"
              onClick={() => {
                // The identity provider's sign-out is another site: a full navigation, which comes back to the sign-in page.
                void signOut().then((next) => (next.startsWith('/') ? navigate(next) : window.location.assign(next)));
              }}
            >
              サインアウト
            </Button>
          </div>
        </div>
        <nav aria-label="メニュー" className="bg-blue-50">
          <ul className="mx-auto flex max-w-7xl flex-wrap gap-2 px-6">
            {NAVIGATION[session.role].map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  className={({ isActive }) =>
                    `inline-block px-3 py-3 text-std-16B-170 ${isActive ? 'border-b-4 border-blue-900 text-blue-1000' : 'text-blue-900 underline hover:bg-blue-100'}`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <AsOfBanner />
      <main id="main" className="mx-auto w-full max-w-7xl flex-1 px-6 py-8">
        <Outlet />
      </main>
      <footer className="border-t border-solid-gray-420 bg-solid-gray-50">
        <p className="mx-auto max-w-7xl px-6 py-4 text-std-16N-170 text-solid-gray-800">日時はすべて日本時間（JST）、金額は千円単位で表示しています。</p>
      </footer>
    </div>
  );
}
