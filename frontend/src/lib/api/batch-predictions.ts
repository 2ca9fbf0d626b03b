/** Batch predictions of a deployment: upload a file, follow the job, download the scored file. */
import "./client";
import * as sdk from "./generated/sdk.gen";

export type { BatchPredictionOut as BatchPrediction } from "./generated/types.gen";

type Signal = { signal?: AbortSignal };

async function data<T>(call: Promise<{ data: T }>): Promise<T> {
  return (await call).data;
}

const t = { throwOnError: true } as const;

export const batchPredictionsApi = {
  list: (workspaceId: string, deploymentId: string, { signal }: Signal = {}) =>
    data(sdk.batchPredictionsList({ ...t, signal, path: { workspace_id: workspaceId, deployment_id: deploymentId } })),
  upload: (workspaceId: string, deploymentId: string, file: File, options: { outputFormat: "csv" | "parquet"; includeInputs: boolean }) =>
    data(
      sdk.batchPredictionsUpload({
        ...t,
        body: { file, output_format: options.outputFormat, include_inputs: options.includeInputs ? "true" : "false" },
        path: { workspace_id: workspaceId, deployment_id: deploymentId },
      }),
    ),
  cancel: (workspaceId: string, deploymentId: string, batchId: string) =>
    data(sdk.batchPredictionsCancel({ ...t, path: { workspace_id: workspaceId, deployment_id: deploymentId, batch_id: batchId } })),
};
