import { createContext, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { request, setCsrfToken, setSessionLostHandler } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';
import type { Me, User } from '../api/types.ts';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export interface Auth {
  status: AuthStatus;
  user: User | null;
  /** True after the server rejected our session mid-use, so the login page can say why. */
  sessionExpired: boolean;
  login(input: LoginInput): Promise<void>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
}

export const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [sessionExpired, setSessionExpired] = useState(false);

  const accept = useCallback((me: Me) => {
    setCsrfToken(me.csrfToken);
    setUser(me.user);
    setStatus('authenticated');
    setSessionExpired(false);
  }, []);

  const drop = useCallback(() => {
    setCsrfToken(null);
    setUser(null);
    setStatus('anonymous');
  }, []);

  const refresh = useCallback(async () => {
    try {
      accept(await request<Me>('GET', '/auth/me', { expectUnauthenticated: true }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) drop();
      else throw e;
    }
  }, [accept, drop]);

  useEffect(() => {
    setSessionLostHandler(() => {
      setSessionExpired(true);
      drop();
    });
    refresh().catch(() => drop());
    return () => setSessionLostHandler(null);
  }, [refresh, drop]);

  const login = useCallback(
    async (input: LoginInput) => {
      accept(await request<Me>('POST', '/auth/login', { body: input, expectUnauthenticated: true }));
    },
    [accept],
  );

  const logout = useCallback(async () => {
    try {
      await request('POST', '/auth/logout', { expectUnauthenticated: true });
    } finally {
      setSessionExpired(false);
      drop();
    }
  }, [drop]);

  const value = useMemo<Auth>(
    () => ({ status, user, sessionExpired, login, logout, refresh }),
    [status, user, sessionExpired, login, logout, refresh],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
