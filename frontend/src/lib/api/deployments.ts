/**
 * Deployments, online predictions and batch predictions, over the client generated from
 * openapi.json (kept apart from endpoints.ts, like models.ts).
 */
import "./client";
import * as sdk from "./generated/sdk.gen";
import type { DeploymentCreate, DeploymentKeyCreate, DeploymentUpdate, PromoteRequest, RollbackRequest } from "./generated/types.gen";

export type {
  DeploymentCreate,
  DeploymentKeyCreate,
  DeploymentKeyOut as DeploymentKey,
  DeploymentOut as Deployment,
  DeploymentRevisionOut as DeploymentRevision,
  DeploymentUpdate,
  PredictResponse,
  PromoteRequest,
  RollbackRequest,
  UnseenCategories,
} from "./generated/types.gen";

type Signal = { signal?: AbortSignal };

async function data<T>(call: Promise<{ data: T }>): Promise<T> {
  return (await call).data;
}

async function done(call: Promise<unknown>): Promise<undefined> {
  await call;
  return undefined;
}

const t = { throwOnError: true } as const;

export const deploymentsApi = {
  list: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.deploymentsList({ ...t, signal, path: { workspace_id: workspaceId }, query: { limit: 200 } })),
  get: (workspaceId: string, deploymentId: string, { signal }: Signal = {}) =>
    data(sdk.deploymentsGet({ ...t, signal, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  create: (workspaceId: string, body: DeploymentCreate) => data(sdk.deploymentsCreate({ ...t, body, path: { workspace_id: workspaceId } })),
  update: (workspaceId: string, deploymentId: string, body: DeploymentUpdate) =>
    data(sdk.deploymentsUpdate({ ...t, body, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  remove: (workspaceId: string, deploymentId: string) =>
    done(sdk.deploymentsDelete({ ...t, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  revisions: (workspaceId: string, deploymentId: string, { signal }: Signal = {}) =>
    data(sdk.deploymentsRevisions({ ...t, signal, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  promote: (workspaceId: string, deploymentId: string, body: PromoteRequest) =>
    data(sdk.deploymentsPromote({ ...t, body, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  rollback: (workspaceId: string, deploymentId: string, body: RollbackRequest) =>
    data(sdk.deploymentsRollback({ ...t, body, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  /** An API key that may only predict on (and send actuals to) this deployment. */
  createKey: (workspaceId: string, deploymentId: string, body: DeploymentKeyCreate) =>
    data(sdk.deploymentsCreateKey({ ...t, body, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  /** The live keys bound to this deployment, whoever made them (never their secrets). */
  listKeys: (workspaceId: string, deploymentId: string, { signal }: Signal = {}) =>
    data(sdk.deploymentsListKeys({ ...t, signal, path: { workspace_id: workspaceId, deployment_id: deploymentId }, query: { limit: 200 } })),
  /** Revoke one of this deployment's keys, whoever made it (404 `api_key_not_found` for any other key). */
  revokeKey: (workspaceId: string, deploymentId: string, keyId: string) =>
    done(sdk.deploymentsRevokeKey({ ...t, path: { workspace_id: workspaceId, deployment_id: deploymentId, api_key_id: keyId } })),
  predict: (deploymentId: string, record: Record<string, unknown>) =>
    data(sdk.predictionsPredict({ ...t, body: { record }, path: { deployment_id: deploymentId } })),
};
