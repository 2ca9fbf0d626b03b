import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { apiKeyKeys } from "@/features/api-keys/queries";
import { type Deployment, type DeploymentCreate, type DeploymentKeyCreate, type DeploymentRevision, type DeploymentUpdate, deploymentsApi, type PromoteRequest, type RollbackRequest } from "@/lib/api/deployments";

export const deploymentKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "deployments"] as const,
  list: (workspaceId: string) => [...deploymentKeys.all(workspaceId), "list"] as const,
  detail: (workspaceId: string, deploymentId: string) => [...deploymentKeys.all(workspaceId), deploymentId] as const,
  revisions: (workspaceId: string, deploymentId: string) => [...deploymentKeys.detail(workspaceId, deploymentId), "revisions"] as const,
  apiKeys: (workspaceId: string, deploymentId: string) => [...deploymentKeys.detail(workspaceId, deploymentId), "api-keys"] as const,
};

/** Job statuses that will still change. */
export function isRunning(status: string): boolean {
  return status === "queued" || status === "running";
}

export const deploymentsQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: deploymentKeys.list(workspaceId),
    queryFn: ({ signal }) => deploymentsApi.list(workspaceId, { signal }),
    select: (page) => page.items,
  });

export const deploymentQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: deploymentKeys.detail(workspaceId, deploymentId),
    queryFn: ({ signal }) => deploymentsApi.get(workspaceId, deploymentId, { signal }),
  });

export const revisionsQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: deploymentKeys.revisions(workspaceId, deploymentId),
    queryFn: ({ signal }) => deploymentsApi.revisions(workspaceId, deploymentId, { signal }),
  });

export function useCreateDeployment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeploymentCreate) => deploymentsApi.create(workspaceId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all(workspaceId) }),
  });
}

export function useUpdateDeployment(workspaceId: string, deploymentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeploymentUpdate) => deploymentsApi.update(workspaceId, deploymentId, body),
    onSuccess: (deployment) => {
      queryClient.setQueryData(deploymentKeys.detail(workspaceId, deploymentId), deployment);
      return queryClient.invalidateQueries({ queryKey: deploymentKeys.all(workspaceId) });
    },
  });
}

export function useDeleteDeployment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deploymentId: string) => deploymentsApi.remove(workspaceId, deploymentId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: deploymentKeys.all(workspaceId) }),
  });
}

/** After a promote or a rollback: the page, its header and the revisions show the new version. */
function useServedVersionChange<Body>(workspaceId: string, deploymentId: string, call: (body: Body) => Promise<Deployment>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (deployment) => {
      queryClient.setQueryData(deploymentKeys.detail(workspaceId, deploymentId), deployment);
      return queryClient.invalidateQueries({ queryKey: deploymentKeys.all(workspaceId) });
    },
  });
}

export function usePromote(workspaceId: string, deploymentId: string) {
  return useServedVersionChange(workspaceId, deploymentId, (body: PromoteRequest) => deploymentsApi.promote(workspaceId, deploymentId, body));
}

export function useRollback(workspaceId: string, deploymentId: string) {
  return useServedVersionChange(workspaceId, deploymentId, (body: RollbackRequest) => deploymentsApi.rollback(workspaceId, deploymentId, body));
}

/** The live keys bound to a deployment, whoever made them; needs the deploy permission (viewers get 403). */
export const deploymentApiKeysQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: deploymentKeys.apiKeys(workspaceId, deploymentId),
    queryFn: ({ signal }) => deploymentsApi.listKeys(workspaceId, deploymentId, { signal }),
  });

/** A key change shows in this deployment's list and in your own keys (settings → API keys). */
function useInvalidateDeploymentApiKeys(workspaceId: string, deploymentId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: deploymentKeys.apiKeys(workspaceId, deploymentId) }),
      queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
    ]);
}

export function useCreateDeploymentKey(workspaceId: string, deploymentId: string) {
  const invalidate = useInvalidateDeploymentApiKeys(workspaceId, deploymentId);
  return useMutation({
    mutationFn: (body: DeploymentKeyCreate) => deploymentsApi.createKey(workspaceId, deploymentId, body),
    onSuccess: invalidate,
  });
}

export function useRevokeDeploymentKey(workspaceId: string, deploymentId: string) {
  const invalidate = useInvalidateDeploymentApiKeys(workspaceId, deploymentId);
  return useMutation({
    mutationFn: (keyId: string) => deploymentsApi.revokeKey(workspaceId, deploymentId, keyId),
    onSuccess: invalidate,
  });
}

/**
 * The version a rollback returns to: the one the current revision replaced (what the
 * server uses too). Null when the current revision replaced nothing (the first one).
 */
export function rollbackTarget(deployment: Pick<Deployment, "revision">, revisions: readonly DeploymentRevision[]): string | null {
  return revisions.find((revision) => revision.number === deployment.revision)?.previous_version_id ?? null;
}

export function usePredict(deploymentId: string) {
  return useMutation({ mutationFn: (record: Record<string, unknown>) => deploymentsApi.predict(deploymentId, record) });
}
