import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { type Dataset, type DatasetVersion, datasetsApi, isProblem } from "@/lib/api";

export const datasetKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "datasets"] as const,
  detail: (workspaceId: string, datasetId: string) => ["workspaces", workspaceId, "datasets", datasetId] as const,
  versions: (workspaceId: string, datasetId: string) => ["workspaces", workspaceId, "datasets", datasetId, "versions"] as const,
  version: (workspaceId: string, versionId: string) => ["workspaces", workspaceId, "dataset-versions", versionId] as const,
  profile: (workspaceId: string, versionId: string) => ["workspaces", workspaceId, "dataset-versions", versionId, "profile"] as const,
  rows: (workspaceId: string, versionId: string, offset: number) => ["workspaces", workspaceId, "dataset-versions", versionId, "rows", offset] as const,
  samples: ["sample-datasets"] as const,
};

export function isVersionProfiling(version: Pick<DatasetVersion, "profile_status"> | null | undefined): boolean {
  const status = version?.profile_status;
  return status === "pending" || status === "running";
}

/** Profiling runs in the background after an import; poll until every version settles. */
export function isProfiling(dataset: Dataset): boolean {
  return isVersionProfiling(dataset.latest_version);
}

export const datasetsQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: datasetKeys.all(workspaceId),
    queryFn: ({ signal }) => datasetsApi.list(workspaceId, { signal }),
    select: (page) => page.items,
    refetchInterval: (query) => (query.state.data?.items.some(isProfiling) ? 1500 : false),
  });

export const datasetQueryOptions = (workspaceId: string, datasetId: string) =>
  queryOptions({
    queryKey: datasetKeys.detail(workspaceId, datasetId),
    queryFn: ({ signal }) => datasetsApi.get(workspaceId, datasetId, { signal }),
  });

export const datasetVersionsQueryOptions = (workspaceId: string, datasetId: string) =>
  queryOptions({
    queryKey: datasetKeys.versions(workspaceId, datasetId),
    queryFn: ({ signal }) => datasetsApi.listVersions(workspaceId, datasetId, { signal }),
    select: (page) => page.items,
    refetchInterval: (query) => (query.state.data?.items.some(isVersionProfiling) ? 1500 : false),
  });

export const datasetVersionQueryOptions = (workspaceId: string, versionId: string) =>
  queryOptions({
    queryKey: datasetKeys.version(workspaceId, versionId),
    queryFn: ({ signal }) => datasetsApi.getVersion(workspaceId, versionId, { signal }),
    refetchInterval: (query) => (isVersionProfiling(query.state.data) ? 1500 : false),
  });

/** The profile of a ready version; a version still profiling answers 409, retried by polling its status instead. */
export const datasetProfileQueryOptions = (workspaceId: string, versionId: string) =>
  queryOptions({
    queryKey: datasetKeys.profile(workspaceId, versionId),
    queryFn: ({ signal }) => datasetsApi.getProfile(workspaceId, versionId, { signal }),
    select: (out) => out.profile,
    staleTime: Infinity,
    retry: (failureCount, error) => !isProblem(error) && failureCount < 2,
  });

export const PREVIEW_PAGE_SIZE = 25;

export const datasetRowsQueryOptions = (workspaceId: string, versionId: string, offset: number) =>
  queryOptions({
    queryKey: datasetKeys.rows(workspaceId, versionId, offset),
    queryFn: ({ signal }) => datasetsApi.previewRows(workspaceId, versionId, { offset, limit: PREVIEW_PAGE_SIZE }, { signal }),
    staleTime: Infinity,
  });

export const sampleDatasetsQueryOptions = () =>
  queryOptions({
    queryKey: datasetKeys.samples,
    queryFn: ({ signal }) => datasetsApi.listSamples({ signal }),
    staleTime: Infinity,
  });

export function useImportSample(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => datasetsApi.importSample(workspaceId, name),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: datasetKeys.all(workspaceId) }),
  });
}

export function useDeleteDataset(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (datasetId: string) => datasetsApi.remove(workspaceId, datasetId),
    onSuccess: (_, datasetId) => {
      queryClient.removeQueries({ queryKey: datasetKeys.detail(workspaceId, datasetId) });
      return queryClient.invalidateQueries({ queryKey: datasetKeys.all(workspaceId), exact: true });
    },
  });
}
