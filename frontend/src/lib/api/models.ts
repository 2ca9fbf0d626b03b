/**
 * The model registry's API calls (models, versions, stages, comparison, shares), over the
 * client generated from openapi.json. Kept apart from endpoints.ts so the models screens
 * grow without touching the other features' calls.
 */
import "./client";
import * as sdk from "./generated/sdk.gen";
import type { ModelsCompareResponses, Stage } from "./generated/types.gen";

/** From the operation, not the schema name: another domain's `Comparison` schema would rename it. */
export type Comparison = ModelsCompareResponses[200];

export type {
  ModelVersionOut as ModelVersion,
  ModelVersionSummary,
  RegisteredModelOut as RegisteredModel,
  ShareOut as ModelShare,
  Stage,
  StageTransitionOut as StageTransition,
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

export const modelsApi = {
  list: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.modelsList({ ...t, signal, path: { workspace_id: workspaceId }, query: { limit: 200 } })),
  get: (workspaceId: string, modelId: string, { signal }: Signal = {}) =>
    data(sdk.modelsGet({ ...t, signal, path: { workspace_id: workspaceId, model_id: modelId } })),
  remove: (workspaceId: string, modelId: string) =>
    done(sdk.modelsDelete({ ...t, path: { workspace_id: workspaceId, model_id: modelId } })),
  listVersions: (workspaceId: string, modelId: string, { signal }: Signal = {}) =>
    data(sdk.modelsListVersions({ ...t, signal, path: { workspace_id: workspaceId, model_id: modelId }, query: { limit: 200 } })),
  getVersion: (workspaceId: string, versionId: string, { signal }: Signal = {}) =>
    data(sdk.modelsGetVersion({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId } })),
  changeStage: (workspaceId: string, versionId: string, body: { stage: Stage; comment?: string }) =>
    data(sdk.modelsChangeStage({ ...t, body, path: { workspace_id: workspaceId, version_id: versionId } })),
  stageHistory: (workspaceId: string, versionId: string, { signal }: Signal = {}) =>
    data(sdk.modelsStageHistory({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId } })),
  compare: (workspaceId: string, versionIds: string[], { signal }: Signal = {}) =>
    data(sdk.modelsCompare({ ...t, signal, path: { workspace_id: workspaceId }, query: { ids: versionIds.join(",") } })),
  listShares: (workspaceId: string, modelId: string, { signal }: Signal = {}) =>
    data(sdk.modelsListShares({ ...t, signal, path: { workspace_id: workspaceId, model_id: modelId } })),
  share: (workspaceId: string, modelId: string, targetWorkspaceId: string) =>
    data(sdk.modelsShare({ ...t, body: { workspace_id: targetWorkspaceId }, path: { workspace_id: workspaceId, model_id: modelId } })),
  revokeShare: (workspaceId: string, modelId: string, shareId: string) =>
    done(sdk.modelsRevokeShare({ ...t, path: { workspace_id: workspaceId, model_id: modelId, share_id: shareId } })),
  listShared: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.modelsListShared({ ...t, signal, path: { workspace_id: workspaceId }, query: { limit: 200 } })),
  getShared: (workspaceId: string, modelId: string, { signal }: Signal = {}) =>
    data(sdk.modelsGetShared({ ...t, signal, path: { workspace_id: workspaceId, model_id: modelId } })),
  listSharedVersions: (workspaceId: string, modelId: string, { signal }: Signal = {}) =>
    data(sdk.modelsListSharedVersions({ ...t, signal, path: { workspace_id: workspaceId, model_id: modelId }, query: { limit: 200 } })),
  getSharedVersion: (workspaceId: string, versionId: string, { signal }: Signal = {}) =>
    data(sdk.modelsGetSharedVersion({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId } })),
};
