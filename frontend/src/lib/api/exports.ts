/** Model exports (ONNX, PMML, Python package, Docker context) and their signed download links. */
import "./client";
import * as sdk from "./generated/sdk.gen";

export type { DownloadLinkOut as DownloadLink, ExportFormatOut as ExportFormat, ExportOut as ModelExport } from "./generated/types.gen";

type Signal = { signal?: AbortSignal };

async function data<T>(call: Promise<{ data: T }>): Promise<T> {
  return (await call).data;
}

const t = { throwOnError: true } as const;

export const exportsApi = {
  formats: (workspaceId: string, versionId: string, { signal }: Signal = {}) =>
    data(sdk.exportsFormats({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId } })),
  listForVersion: (workspaceId: string, versionId: string, { signal }: Signal = {}) =>
    data(sdk.exportsListForVersion({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId } })),
  create: (workspaceId: string, versionId: string, format: string) =>
    data(sdk.exportsCreate({ ...t, body: { format }, path: { workspace_id: workspaceId, version_id: versionId } })),
  get: (workspaceId: string, exportId: string, { signal }: Signal = {}) =>
    data(sdk.exportsGet({ ...t, signal, path: { workspace_id: workspaceId, export_id: exportId } })),
  createDownloadLink: (workspaceId: string, exportId: string, expiresInSeconds = 3600) =>
    data(sdk.exportsCreateDownloadLink({ ...t, body: { expires_in_s: expiresInSeconds }, path: { workspace_id: workspaceId, export_id: exportId } })),
};
