import { ApiProblem, type DatasetCreated } from "@/lib/api";
import { CSRF_COOKIE, CSRF_HEADER, readCookie } from "@/lib/api/csrf";

export interface UploadProgress {
  loaded: number;
  /** Null when the browser cannot tell the body's size. */
  total: number | null;
}

export interface UploadOptions {
  workspaceId: string;
  file: File;
  /** Upload as a new version of this dataset instead of a new dataset. */
  datasetId?: string;
  name?: string;
  onProgress?: (progress: UploadProgress) => void;
  /** Fires once every byte is sent; the server then converts and validates the file. */
  onSent?: () => void;
  signal?: AbortSignal;
}

/** File types the datasets API accepts (the server checks the content, this only guides the picker). */
export const ACCEPTED_FILE_TYPES = ".csv,.tsv,.txt,.parquet,.xlsx,.jsonl,.ndjson,.gz";

export function uploadUrl(workspaceId: string, datasetId?: string): string {
  const base = `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/datasets`;
  return datasetId ? `${base}/${encodeURIComponent(datasetId)}/versions` : base;
}

/**
 * POSTs a data file as multipart/form-data with XMLHttpRequest, because fetch cannot
 * report upload progress. Same auth as the API client: the session cookie (same
 * origin) and the CSRF header. Failures reject with an ApiProblem (detail + hint).
 */
export function uploadDataset({ workspaceId, file, datasetId, name, onProgress, onSent, signal }: UploadOptions): Promise<DatasetCreated> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", uploadUrl(workspaceId, datasetId));
    xhr.withCredentials = true;
    xhr.setRequestHeader("Accept", "application/json, application/problem+json");
    const token = readCookie(CSRF_COOKIE);
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);

    xhr.upload.onprogress = (event) => onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : null });
    xhr.upload.onload = () => onSent?.();
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as DatasetCreated);
        return;
      }
      reject(problemFromXhr(xhr, body));
    };
    xhr.onerror = () =>
      reject(
        new ApiProblem({
          title: "Upload failed",
          status: 0,
          detail: "The connection was lost while uploading the file.",
          hint: "Check your connection and that the Modelyard server is running, then try again.",
        }),
      );
    xhr.onabort = () => reject(new ApiProblem({ title: "Upload cancelled", status: 0, detail: "The upload was cancelled." }));

    if (signal?.aborted) {
      reject(new ApiProblem({ title: "Upload cancelled", status: 0, detail: "The upload was cancelled." }));
      return;
    }
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });

    const form = new FormData();
    form.append("file", file, file.name);
    if (name) form.append("name", name);
    xhr.send(form);
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function problemFromXhr(xhr: XMLHttpRequest, body: unknown): ApiProblem {
  const requestId = xhr.getResponseHeader("x-request-id");
  const response = new Response(null, { status: xhr.status, statusText: xhr.statusText, headers: requestId ? { "x-request-id": requestId } : {} });
  const problem = ApiProblem.fromResponse(response, body);
  // A proxy in front of Modelyard may refuse a large body before the API sees it.
  if (xhr.status === 413 && !problem.code) {
    return new ApiProblem({
      title: "File too large",
      status: 413,
      detail: "The file is larger than this server accepts.",
      hint: "Upload a smaller file, or ask your administrator to raise the upload limit.",
      request_id: requestId,
    });
  }
  return problem;
}

/** "1.2 MB" */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
