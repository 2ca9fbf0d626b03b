import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiProblem } from "@/lib/api";
import { FakeXhr } from "@/test/fake-xhr";
import { problem } from "@/test/http";
import { formatBytes, uploadDataset, uploadUrl } from "./upload";

const created = { id: "ds_9", name: "churn", description: "", tags: [], created_at: "2026-03-01T00:00:00Z", updated_at: "2026-03-01T00:00:00Z", latest_version: null, version_created: true };

describe("uploadDataset", () => {
  beforeEach(() => {
    FakeXhr.instances = [];
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
  });

  it("posts the file as multipart with the CSRF header and reports progress", async () => {
    document.cookie = "modelyard_csrf=tok%2F1; path=/";
    const file = new File(["a,b\n1,2\n"], "churn.csv", { type: "text/csv" });
    const progress: number[] = [];
    const onSent = vi.fn();
    const result = uploadDataset({ workspaceId: "ws 1", file, onProgress: ({ loaded }) => progress.push(loaded), onSent });

    const xhr = FakeXhr.latest();
    expect(xhr.method).toBe("POST");
    expect(xhr.url).toBe("/api/v1/workspaces/ws%201/datasets");
    expect(xhr.withCredentials).toBe(true);
    expect(xhr.headers.get("X-CSRF-Token")).toBe("tok/1");
    expect(xhr.body).toBeInstanceOf(FormData);
    expect((xhr.body as FormData).get("file")).toBeInstanceOf(File);
    expect(((xhr.body as FormData).get("file") as File).name).toBe("churn.csv");

    xhr.progress(4, 8);
    xhr.progress(8, 8);
    expect(onSent).not.toHaveBeenCalled();
    xhr.respond(201, created);

    await expect(result).resolves.toEqual(created);
    expect(progress).toEqual([4, 8]);
    expect(onSent).toHaveBeenCalledOnce();
  });

  it("uploads a new version to the dataset's versions", () => {
    void uploadDataset({ workspaceId: "ws_1", datasetId: "ds_2", file: new File(["x"], "x.csv") }).catch(() => undefined);
    expect(FakeXhr.latest().url).toBe("/api/v1/workspaces/ws_1/datasets/ds_2/versions");
    expect(uploadUrl("ws_1")).toBe("/api/v1/workspaces/ws_1/datasets");
  });

  it("rejects with the API's problem, hint included", async () => {
    const result = uploadDataset({ workspaceId: "ws_1", file: new File(["x"], "big.csv") });
    FakeXhr.latest().respond(413, problem(413, "payload_too_large", "The upload is larger than 5 GiB.", { hint: "Split the file." }));
    const error: unknown = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 413, code: "payload_too_large", detail: "The upload is larger than 5 GiB.", hint: "Split the file." });
  });

  it("explains a 413 from a proxy that is not problem JSON", async () => {
    const result = uploadDataset({ workspaceId: "ws_1", file: new File(["x"], "big.csv") });
    FakeXhr.latest().respond(413, "<html>too large</html>", { "X-Request-ID": "req_proxy" });
    const error = await result.catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 413, detail: "The file is larger than this server accepts.", requestId: "req_proxy" });
    expect((error as ApiProblem).hint).toMatch(/smaller file/);
  });

  it("rejects network failures and cancellations with a problem", async () => {
    const failed = uploadDataset({ workspaceId: "ws_1", file: new File(["x"], "a.csv") });
    FakeXhr.latest().fail();
    const error = await failed.catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, detail: "The connection was lost while uploading the file." });

    const controller = new AbortController();
    const cancelled = uploadDataset({ workspaceId: "ws_1", file: new File(["x"], "a.csv"), signal: controller.signal });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ title: "Upload cancelled" });
    expect(FakeXhr.latest().aborted).toBe(true);
  });
});

describe("formatBytes", () => {
  it("uses binary units with one decimal below ten", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(25 * 1024 * 1024)).toBe("25 MB");
  });
});
