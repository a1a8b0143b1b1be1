// Who is signed in. The server is the only source: `/api/v1/auth/me` gives the user, the role
// labels and the permissions the server grants; the UI shows menus from those permissions and
// never decides on its own what a role may do.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get, onUnauthenticated, post } from '../lib/api';
import type { Bilingual } from '../i18n/i18n';

export interface Me {
  user: { id: string; username: string; displayName: string; roles: string[]; personId: string | null };
  roleLabels: Record<string, Bilingual>;
  permissions: string[];
  /** issue 11: the account's organisation; scopeSize > 1 for a supervisor (or administrator) over a subtree */
  org?: { id: string; name: string; shortName: string; scopeSize: number } | null;
  /** issue 11: every organisation of the account and its roles there; `current` is the one this session acts in */
  orgs?: { id: string; name: string; shortName: string; roles: string[]; current: boolean }[];
  /** set while the session must first change the password or enrol a second factor (server-enforced) */
  restriction?: 'password_change' | 'totp_enrolment' | null;
}

export type LoginStep = { status: 'signed_in' } | { status: 'totp_required'; pendingToken: string };

export interface SetupAccount {
  username: string;
  displayName: string;
  password: string;
}

type SessionState = { status: 'loading' } | { status: 'anonymous'; needsSetup: boolean } | { status: 'signed-in'; me: Me };

interface SessionValue {
  state: SessionState;
  me: Me | null;
  can(permission: string): boolean;
  /** step one; when the account has a second factor, the caller asks for the code (`loginTotp`) */
  login(username: string, password: string): Promise<LoginStep>;
  loginTotp(pendingToken: string, proof: { code: string } | { recoveryCode: string }): Promise<void>;
  /** 三员分立: the three administrators in one request; then signs in as the system administrator */
  setup(input: { sysadmin: SetupAccount; secadmin: SetupAccount; auditor: SetupAccount }): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const toAnonymous = useCallback(async () => {
    let needsSetup = false;
    try {
      needsSetup = (await get<{ needsSetup: boolean }>('/api/v1/setup/status')).needsSetup;
    } catch {
      /* the login page shows the error when the user tries */
    }
    setState({ status: 'anonymous', needsSetup });
  }, []);

  const refresh = useCallback(async () => {
    try {
      const me = await get<Me>('/api/v1/auth/me', { quiet401: true });
      setState({ status: 'signed-in', me });
    } catch {
      await toAnonymous();
    }
  }, [toAnonymous]);

  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => void toAnonymous());
  }, [refresh, toAnonymous]);

  const value = useMemo<SessionValue>(() => {
    const me = state.status === 'signed-in' ? state.me : null;
    return {
      state,
      me,
      can: (p) => Boolean(me?.permissions.includes(p)),
      async login(username, password) {
        const r = await post<{ status: 'signed_in' | 'totp_required'; pendingToken?: string }>('/api/v1/auth/login', { username, password }, { quiet401: true });
        if (r.status === 'totp_required' && r.pendingToken) return { status: 'totp_required', pendingToken: r.pendingToken };
        await refresh();
        return { status: 'signed_in' };
      },
      async loginTotp(pendingToken, proof) {
        await post('/api/v1/auth/login/totp', { pendingToken, ...proof }, { quiet401: true });
        await refresh();
      },
      async setup(input) {
        await post('/api/v1/setup', input);
        await post('/api/v1/auth/login', { username: input.sysadmin.username, password: input.sysadmin.password }, { quiet401: true });
        await refresh();
      },
      async logout() {
        try {
          await post('/api/v1/auth/logout');
        } finally {
          await toAnonymous();
        }
      },
      refresh,
    };
  }, [state, refresh, toAnonymous]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
