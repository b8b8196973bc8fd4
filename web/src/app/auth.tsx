import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Permission, SessionUser } from '@yingji/contracts';
import { ApiError, api, setUnauthorizedHandler } from './api';

export interface AuthState {
  /** `undefined` while the session is being checked, `null` when logged out. */
  user: SessionUser | null | undefined;
  login(username: string, password: string): Promise<SessionUser>;
  logout(): Promise<void>;
  can(permission: Permission): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

interface LoginResponse {
  token: string;
  user: SessionUser;
  expiresAt: string;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setUser(null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'public' });
    });
    return () => setUnauthorizedHandler(null);
  }, [queryClient]);

  useEffect(() => {
    let cancelled = false;
    api
      .get<{ user: SessionUser }>('/auth/me')
      .then((res) => {
        if (!cancelled) setUser(res.user);
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        // Any failure (401, server down) leaves the user on the login page, which shows server errors itself.
        if (!(err instanceof ApiError) || err.status !== 401) console.warn('session check failed', err);
        setUser(null);
      });
    return () => {
      cancelled = true;
    };
  }, []);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await api.post<LoginResponse>('/auth/login', { username, password });
      queryClient.clear();
      setUser(res.user);
      return res.user;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await api.post<void>('/auth/logout');
    } catch {
      // the session is dropped locally whatever the server says
    }
    setUser(null);
    queryClient.clear();
  }, [queryClient]);

  const can = useCallback((permission: Permission) => !!user && user.permissions.includes(permission), [user]);

  const value = useMemo<AuthState>(() => ({ user, login, logout, can }), [user, login, logout, can]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The logged-in user; only for components rendered behind <RequireAuth>. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser needs a logged-in user');
  return user;
}
