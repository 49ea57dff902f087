import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { answer, api, authenticate } from '../api/client';
import type { Role } from '../api/types';
import { clearSession, loadSession, saveSession, type Session } from './session';

interface SessionContextValue {
  readonly session: Session | undefined;
  /** Development sign-in: a token for this role and organisation from POST /auth/dev-token. */
  signInForDevelopment(role: Role, org: string, userId?: string): Promise<void>;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | undefined>(() => {
    const loaded = loadSession();
    authenticate(loaded?.token);
    return loaded;
  });

  const signOut = useCallback(() => {
    clearSession();
    authenticate(undefined);
    queryClient.clear();
    setSession(undefined);
  }, [queryClient]);

  const signInForDevelopment = useCallback(
    async (role: Role, org: string, userId?: string) => {
      const sub = userId || undefined;
      const issued = await answer<{ token: string; expiresAt: string }>(api.POST('/auth/dev-token', { body: { role, org, ...(sub && { sub }) } }));
      const next: Session = { token: issued.token, expiresAt: issued.expiresAt, role, organisationCode: org, actorId: sub ?? `dev-${role}-${org}` };
      saveSession(next);
      queryClient.clear();
      authenticate(next.token, signOut);
      setSession(next);
    },
    [queryClient, signOut],
  );

  if (session) authenticate(session.token, signOut);
  const value = useMemo(() => ({ session, signInForDevelopment, signOut }), [session, signInForDevelopment, signOut]);
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
