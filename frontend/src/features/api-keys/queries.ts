import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { type ApiKeyCreateRequest, apiKeysApi } from "@/lib/api";

export const apiKeyKeys = {
  all: ["api-keys"] as const,
};

export const apiKeysQueryOptions = () =>
  queryOptions({
    queryKey: apiKeyKeys.all,
    queryFn: ({ signal }) => apiKeysApi.list({ signal }),
    select: (page) => page.items,
  });

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreateRequest) => apiKeysApi.create(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => apiKeysApi.revoke(keyId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}

export const SCOPE_CHOICES = [
  { value: "full", label: "Full access", description: "Everything you can do in the web app." },
  { value: "read", label: "Read only", description: "List and read; cannot change anything." },
] as const;

export const EXPIRY_CHOICES = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "Never" },
] as const;

export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number]["value"];

/** The `expires_at` to send for an expiry choice; `now` is injectable for tests. */
export function expiresAtFor(choice: ExpiryChoice, now: Date = new Date()): string | null {
  if (choice === "never") return null;
  return new Date(now.getTime() + Number(choice) * 24 * 3600 * 1000).toISOString();
}
