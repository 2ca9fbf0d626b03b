import { QueryCache, QueryClient } from "@tanstack/react-query";
import { isProblem } from "@/lib/api";

/** For prefetches whose errors surface later, in the component that reads the query. */
export function ignoreError(): void {
  // Deliberately empty.
}

/**
 * Client errors (4xx) are answers, not outages: retry only network failures and 5xx.
 * `onUnauthorized` runs when a background query finds the session gone.
 */
export function createQueryClient({ onUnauthorized }: { onUnauthorized: () => void }): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isProblem(error, 401) && query.state.data !== undefined) onUnauthorized();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          if (isProblem(error) && error.status >= 400 && error.status < 500) return false;
          return failureCount < 2;
        },
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
