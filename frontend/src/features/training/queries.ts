import { useMutation, useQueryClient } from "@tanstack/react-query";
import { jobKeys } from "@/features/jobs/queries";
import { type TrainingJobCreate, trainingApi } from "@/lib/api";

export function useStartTraining(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TrainingJobCreate) => trainingApi.create(workspaceId, body),
    onSuccess: (job) => {
      queryClient.setQueryData(jobKeys.detail(workspaceId, job.id), job);
      return queryClient.invalidateQueries({ queryKey: jobKeys.all(workspaceId), exact: true });
    },
  });
}
