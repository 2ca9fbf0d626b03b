import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { authApi, type LoginRequest, type RegisterRequest, type Session } from "@/lib/api";

export const authKeys = {
  me: ["auth", "me"] as const,
  sessions: ["auth", "sessions"] as const,
};

export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.me,
    queryFn: ({ signal }) => authApi.me({ signal }),
    staleTime: 5 * 60_000,
    retry: false,
  });

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.sessions,
    queryFn: ({ signal }) => authApi.listSessions({ signal }),
  });

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginRequest) => authApi.login(body),
    onSuccess: ({ user }) => {
      // A different account may have been signed in before: start from a clean cache.
      queryClient.clear();
      queryClient.setQueryData(authKeys.me, user);
    },
  });
}

export function useRegister() {
  return useMutation({ mutationFn: (body: RegisterRequest) => authApi.register(body) });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => authApi.logout(),
    onSettled: () => queryClient.clear(),
  });
}

export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (sessionId: string) => authApi.revokeSession(sessionId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.sessions }),
  });
}

/** The current session first, then the most recently seen. */
export function sortSessions(sessions: Session[]): Session[] {
  return [...sessions].sort((a, b) => {
    if (Boolean(a.current) !== Boolean(b.current)) return a.current ? -1 : 1;
    return b.last_seen_at.localeCompare(a.last_seen_at);
  });
}
