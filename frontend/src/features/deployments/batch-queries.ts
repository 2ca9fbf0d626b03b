import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { batchPredictionsApi } from "@/lib/api/batch-predictions";
import { deploymentKeys, isRunning } from "./queries";

export const batchKeys = {
  all: (workspaceId: string, deploymentId: string) => [...deploymentKeys.detail(workspaceId, deploymentId), "batches"] as const,
};

export const batchesQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: batchKeys.all(workspaceId, deploymentId),
    queryFn: ({ signal }) => batchPredictionsApi.list(workspaceId, deploymentId, { signal }),
    select: (page) => page.items,
    refetchInterval: (query) => (query.state.data?.items.some((batch) => isRunning(batch.status)) ? 1000 : false),
  });

export function useUploadBatch(workspaceId: string, deploymentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, outputFormat, includeInputs }: { file: File; outputFormat: "csv" | "parquet"; includeInputs: boolean }) =>
      batchPredictionsApi.upload(workspaceId, deploymentId, file, { outputFormat, includeInputs }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.all(workspaceId, deploymentId) }),
  });
}

export function useCancelBatch(workspaceId: string, deploymentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (batchId: string) => batchPredictionsApi.cancel(workspaceId, deploymentId, batchId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: batchKeys.all(workspaceId, deploymentId) }),
  });
}
