import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { type TrainingJob, trainingApi } from "@/lib/api";

export const jobKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "training-jobs"] as const,
  detail: (workspaceId: string, jobId: string) => ["workspaces", workspaceId, "training-jobs", jobId] as const,
};

export const TERMINAL_STATUSES = new Set(["succeeded", "failed", "cancelled"]);

export function isJobActive(job: Pick<TrainingJob, "status">): boolean {
  return !TERMINAL_STATUSES.has(job.status);
}

export const jobsQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: jobKeys.all(workspaceId),
    queryFn: ({ signal }) => trainingApi.list(workspaceId, { signal }),
    select: (page) => page.items,
    refetchInterval: (query) => (query.state.data?.items.some(isJobActive) ? 2000 : false),
  });

/** `pollMs`: how often to re-read a running job when live events are not available. */
export const jobQueryOptions = (workspaceId: string, jobId: string, pollMs: number | false = false) =>
  queryOptions({
    queryKey: jobKeys.detail(workspaceId, jobId),
    queryFn: ({ signal }) => trainingApi.get(workspaceId, jobId, { signal }),
    refetchInterval: (query) => (pollMs && query.state.data && isJobActive(query.state.data) ? pollMs : false),
  });

export function useCancelJob(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string) => trainingApi.cancel(workspaceId, jobId),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(workspaceId, job.id), job);
      return queryClient.invalidateQueries({ queryKey: jobKeys.all(workspaceId), exact: true });
    },
  });
}
