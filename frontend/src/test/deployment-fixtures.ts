/** API bodies shaped like the server's, for the deployment and shared-model screens' tests. */
import type { ApiKey } from "@/lib/api";
import type { Deployment, DeploymentRevision } from "@/lib/api/deployments";
import type { ModelVersion, ModelVersionSummary } from "@/lib/api/models";

export function versionSummary(number: number, overrides: Partial<ModelVersionSummary> = {}): ModelVersionSummary {
  return {
    id: `mv_${number}`,
    model_id: "mdl_1",
    number,
    stage: "none",
    task: "binary",
    target: "survived",
    metric: "roc_auc",
    algorithm: "lightgbm",
    metrics: { validation: { roc_auc: 0.8 + number / 100 }, holdout: { roc_auc: 0.79 + number / 100 } },
    job_id: `job_${number}`,
    dataset_version_id: "dsv_1",
    created_at: "2026-03-01T12:00:00Z",
    ...overrides,
  };
}

export function version(number: number, overrides: Partial<ModelVersion> = {}): ModelVersion {
  return {
    ...versionSummary(number),
    leaderboard: [],
    feature_importance: {},
    signature: {
      target: "survived",
      columns: [
        { name: "sex", kind: "categorical", dtype: "object", categories: ["female", "male"] },
        { name: "age", kind: "numeric", dtype: "float64" },
      ],
    },
    lineage: {},
    artifacts: { model: "models/mv.pkl" },
    ...overrides,
  };
}

export function deployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: "dep_1",
    workspace_id: "ws_1",
    name: "Titanic pilot",
    description: "",
    model_id: "mdl_1",
    model_version_id: "mv_2",
    status: "active",
    revision: 2,
    unseen_categories: "accept",
    log_sample_rate: 1,
    created_by: "usr_1",
    created_at: "2026-03-01T12:00:00Z",
    updated_at: "2026-03-02T12:00:00Z",
    predict_url: "/api/v1/deployments/dep_1/predict",
    ...overrides,
  };
}

export function revision(number: number, action: string, modelVersionId: string, previousVersionId: string | null, comment = ""): DeploymentRevision {
  return {
    id: `dpr_${number}`,
    number,
    action,
    model_version_id: modelVersionId,
    previous_version_id: previousVersionId,
    actor_id: "usr_1",
    comment,
    created_at: `2026-03-0${number}T12:00:00Z`,
  };
}

export function apiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: "key_1",
    name: "Nightly scoring",
    prefix: "myd_ab12",
    scopes: ["full"],
    workspace_id: null,
    deployment_id: null,
    expires_at: null,
    last_used_at: null,
    created_at: "2026-03-01T12:00:00Z",
    ...overrides,
  };
}

export function page<T>(items: T[]) {
  return { items, next_cursor: null };
}
