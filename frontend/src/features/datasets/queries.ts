import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { type Dataset, datasetsApi } from "@/lib/api";

export const datasetKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "datasets"] as const,
  samples: ["sample-datasets"] as const,
};

/** Profiling runs in the background after an import; poll until every version settles. */
export function isProfiling(dataset: Dataset): boolean {
  const status = dataset.latest_version?.profile_status;
  return status === "pending" || status === "running";
}

export const datasetsQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: datasetKeys.all(workspaceId),
    queryFn: ({ signal }) => datasetsApi.list(workspaceId, { signal }),
    select: (page) => page.items,
    refetchInterval: (query) => (query.state.data?.items.some(isProfiling) ? 1500 : false),
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
