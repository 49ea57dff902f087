import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { authenticate } from '../api/client';
import type { Role } from '../api/types';
import { Loading } from '../components/page';
import { endSession, fetchSession, startDevelopmentSession, type Session, type SignInMethods } from './session';

interface SessionContextValue {
  readonly session: Session | undefined;
  /** How people may sign in here: OpenID Connect, development sign-in, or both (development and test). */
  readonly methods: SignInMethods;
  /** The last session ended by the API (expired), so the sign-in page can say why. */
  readonly expired: boolean;
  /** Development sign-in: a session for this role and organisation from POST /auth/dev-session. */
  signInForDevelopment(role: Role, org: string, userId?: string): Promise<void>;
  /** Ends the session; resolves to where the browser goes next (the sign-in page, or the provider's sign-out). */
  signOut(): Promise<string>;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);
const NO_METHODS: SignInMethods = { oidc: false, development: false };

/** Asks the API who the session cookie signs in (once, at start), and renders the app once it knows. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<{ loaded: boolean; session?: Session; methods: SignInMethods; expired: boolean }>({ loaded: false, methods: NO_METHODS, expired: false });
  const [failure, setFailure] = useState<string>();

  const expire = useCallback(() => {
    authenticate(undefined);
    queryClient.clear();
    setState((current) => ({ ...current, session: undefined, expired: true }));
  }, [queryClient]);

  useEffect(() => {
    fetchSession().then(
      ({ session, methods }) => setState({ loaded: true, session, methods, expired: false }),
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
    );
  }, []);

  const signOut = useCallback(async () => {
    const next = await endSession().catch(() => '/app/sign-in');
    authenticate(undefined);
    queryClient.clear();
    setState((current) => ({ ...current, session: undefined, expired: false }));
    return next;
  }, [queryClient]);

  const signInForDevelopment = useCallback(
    async (role: Role, org: string, userId?: string) => {
      const next = await startDevelopmentSession(role, org, userId || undefined);
      queryClient.clear();
      authenticate(next?.csrfToken, expire);
      setState((current) => ({ ...current, session: next, expired: false }));
    },
    [queryClient, expire],
  );

  if (state.session) authenticate(state.session.csrfToken, expire);
  const value = useMemo(
    () => ({ session: state.session, methods: state.methods, expired: state.expired, signInForDevelopment, signOut }),
    [state, signInForDevelopment, signOut],
  );
  if (!state.loaded) {
    return (
      <main id="main" className="mx-auto max-w-2xl px-6 py-12">
        {failure ? <p role="alert" className="text-std-16N-170">サーバーに接続できませんでした。しばらくしてから再読み込みしてください。（{failure}）</p> : <Loading what="ログイン状態" />}
      </main>
    );
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() outside <SessionProvider>');
  return value;
}

/** The signed-in session on a page that is only reached signed in (RequireSession guards the routes). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn() on a page reached without a session');
  return session;
}

export const ROLE_LABELS: Record<Role, string> = {
  'national-admin': '国（管理者）',
  'national-reviewer': '国（審査担当）',
  prefecture: '都道府県',
  insurer: '保険者（市町村）',
  auditor: '監査担当',
};
