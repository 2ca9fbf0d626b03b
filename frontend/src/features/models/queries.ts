import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { modelsApi, type Stage } from "@/lib/api/models";

export const modelKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "models"] as const,
  list: (workspaceId: string) => [...modelKeys.all(workspaceId), "list"] as const,
  detail: (workspaceId: string, modelId: string) => [...modelKeys.all(workspaceId), "model", modelId] as const,
  versions: (workspaceId: string, modelId: string) => [...modelKeys.detail(workspaceId, modelId), "versions"] as const,
  shares: (workspaceId: string, modelId: string) => [...modelKeys.detail(workspaceId, modelId), "shares"] as const,
  version: (workspaceId: string, versionId: string) => [...modelKeys.all(workspaceId), "version", versionId] as const,
  history: (workspaceId: string, versionId: string) => [...modelKeys.version(workspaceId, versionId), "history"] as const,
  compare: (workspaceId: string, versionIds: string[]) => [...modelKeys.all(workspaceId), "compare", ...versionIds] as const,
  /** Models other workspaces shared with this one (read-only). */
  shared: (workspaceId: string) => [...modelKeys.all(workspaceId), "shared"] as const,
  sharedDetail: (workspaceId: string, modelId: string) => [...modelKeys.shared(workspaceId), "model", modelId] as const,
  sharedVersions: (workspaceId: string, modelId: string) => [...modelKeys.sharedDetail(workspaceId, modelId), "versions"] as const,
  sharedVersion: (workspaceId: string, versionId: string) => [...modelKeys.shared(workspaceId), "version", versionId] as const,
};

export const modelsQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: modelKeys.list(workspaceId),
    queryFn: ({ signal }) => modelsApi.list(workspaceId, { signal }),
    select: (page) => page.items,
  });

export const modelQueryOptions = (workspaceId: string, modelId: string) =>
  queryOptions({
    queryKey: modelKeys.detail(workspaceId, modelId),
    queryFn: ({ signal }) => modelsApi.get(workspaceId, modelId, { signal }),
  });

export const modelVersionsQueryOptions = (workspaceId: string, modelId: string) =>
  queryOptions({
    queryKey: modelKeys.versions(workspaceId, modelId),
    queryFn: ({ signal }) => modelsApi.listVersions(workspaceId, modelId, { signal }),
    select: (page) => page.items,
  });

export const modelVersionQueryOptions = (workspaceId: string, versionId: string) =>
  queryOptions({
    queryKey: modelKeys.version(workspaceId, versionId),
    queryFn: ({ signal }) => modelsApi.getVersion(workspaceId, versionId, { signal }),
    // A registered version never changes except for its stage, which we update ourselves.
    staleTime: 5 * 60_000,
  });

export const stageHistoryQueryOptions = (workspaceId: string, versionId: string) =>
  queryOptions({
    queryKey: modelKeys.history(workspaceId, versionId),
    queryFn: ({ signal }) => modelsApi.stageHistory(workspaceId, versionId, { signal }),
  });

export const compareQueryOptions = (workspaceId: string, versionIds: string[]) =>
  queryOptions({
    queryKey: modelKeys.compare(workspaceId, versionIds),
    queryFn: ({ signal }) => modelsApi.compare(workspaceId, versionIds, { signal }),
    enabled: versionIds.length >= 2,
  });

export const sharesQueryOptions = (workspaceId: string, modelId: string) =>
  queryOptions({
    queryKey: modelKeys.shares(workspaceId, modelId),
    queryFn: ({ signal }) => modelsApi.listShares(workspaceId, modelId, { signal }),
  });

export const sharedModelsQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: modelKeys.shared(workspaceId),
    queryFn: ({ signal }) => modelsApi.listShared(workspaceId, { signal }),
    select: (page) => page.items,
  });

export const sharedModelQueryOptions = (workspaceId: string, modelId: string) =>
  queryOptions({
    queryKey: modelKeys.sharedDetail(workspaceId, modelId),
    queryFn: ({ signal }) => modelsApi.getShared(workspaceId, modelId, { signal }),
  });

export const sharedVersionsQueryOptions = (workspaceId: string, modelId: string) =>
  queryOptions({
    queryKey: modelKeys.sharedVersions(workspaceId, modelId),
    queryFn: ({ signal }) => modelsApi.listSharedVersions(workspaceId, modelId, { signal }),
    select: (page) => page.items,
  });

export const sharedVersionQueryOptions = (workspaceId: string, versionId: string) =>
  queryOptions({
    queryKey: modelKeys.sharedVersion(workspaceId, versionId),
    queryFn: ({ signal }) => modelsApi.getSharedVersion(workspaceId, versionId, { signal }),
    staleTime: 5 * 60_000,
  });

export function useChangeStage(workspaceId: string, versionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { stage: Stage; comment: string }) => modelsApi.changeStage(workspaceId, versionId, body),
    onSuccess: (version) => {
      queryClient.setQueryData(modelKeys.version(workspaceId, versionId), version);
      // Lists and the history show stages too.
      return queryClient.invalidateQueries({ queryKey: modelKeys.all(workspaceId) });
    },
  });
}

export function useShareModel(workspaceId: string, modelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (targetWorkspaceId: string) => modelsApi.share(workspaceId, modelId, targetWorkspaceId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelKeys.shares(workspaceId, modelId) }),
  });
}

export function useRevokeShare(workspaceId: string, modelId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (shareId: string) => modelsApi.revokeShare(workspaceId, modelId, shareId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelKeys.shares(workspaceId, modelId) }),
  });
}

export function useDeleteModel(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (modelId: string) => modelsApi.remove(workspaceId, modelId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: modelKeys.all(workspaceId) }),
  });
}
