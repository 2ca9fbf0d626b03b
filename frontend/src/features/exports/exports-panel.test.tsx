import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { ExportsPanel } from "./exports-panel";

const formats = {
  model_version_id: "mv_1",
  formats: [
    { format: "onnx", available: true, reason: null },
    { format: "pmml", available: false, reason: "PMML cannot express the date features of this model." },
  ],
};
const base = {
  model_version_id: "mv_1",
  error_code: null,
  error_message: null,
  job_id: "job_1",
  sha256: null,
  manifest: null,
  parity: null,
  created_by: "usr_1",
  created_at: "2026-01-01T00:00:00Z",
  completed_at: null,
};

describe("ExportsPanel", () => {
  it("offers available formats, explains unavailable ones, and starts an export", async () => {
    const { requests } = stubApi({
      "GET /api/v1/workspaces/ws_1/model-versions/mv_1/export-formats": { status: 200, body: formats },
      "GET /api/v1/workspaces/ws_1/model-versions/mv_1/exports": { status: 200, body: { items: [], next_cursor: null } },
      "POST /api/v1/workspaces/ws_1/model-versions/mv_1/exports": {
        status: 201,
        body: { ...base, id: "exp_1", format: "onnx", status: "queued", progress: 0, progress_message: "", size: null },
      },
    });
    const view = renderWithApp(<ExportsPanel workspaceId="ws_1" versionId="mv_1" canWrite />);

    const list = await screen.findByRole("list", { name: "Export formats" });
    expect(within(list).getByText("PMML cannot express the date features of this model.")).toBeInTheDocument();
    expect(within(list).getByRole("button", { name: "Export to PMML" })).toBeDisabled();
    await view.user.click(within(list).getByRole("button", { name: "Export to ONNX" }));

    await waitFor(() => expect(requests.find((request) => request.method === "POST")?.body).toEqual({ format: "onnx" }));
    expect(await screen.findByText("ONNX export started")).toBeInTheDocument();
  });

  it("shows progress while running and downloads a finished export through a signed link", async () => {
    const { requests } = stubApi({
      "GET /api/v1/workspaces/ws_1/model-versions/mv_1/export-formats": { status: 200, body: formats },
      "GET /api/v1/workspaces/ws_1/model-versions/mv_1/exports": {
        status: 200,
        body: {
          items: [
            { ...base, id: "exp_2", format: "onnx", status: "succeeded", progress: 1, progress_message: "", size: 20480, parity: { passed: true } },
            { ...base, id: "exp_3", format: "python", status: "running", progress: 0.4, progress_message: "Checking parity", size: null },
          ],
          next_cursor: null,
        },
      },
      "POST /api/v1/workspaces/ws_1/exports/exp_2/download-links": {
        status: 201,
        body: { url: "http://localhost/api/v1/export-downloads/tok", path: "/api/v1/export-downloads/tok", expires_at: "2026-01-01T00:10:00Z" },
      },
    });
    const view = renderWithApp(<ExportsPanel workspaceId="ws_1" versionId="mv_1" canWrite={false} />);

    const exports = await screen.findByRole("list", { name: "Exports" });
    expect(within(exports).getByRole("progressbar", { name: "Exporting to Python package" })).toHaveAttribute("aria-valuenow", "40");
    expect(within(exports).getByText(/Checking parity/)).toBeInTheDocument();
    expect(within(exports).getByText(/20 KB · .* · parity checked/)).toBeInTheDocument();
    // Viewers see formats but cannot start exports.
    expect(screen.queryByRole("button", { name: "Export to ONNX" })).not.toBeInTheDocument();

    // jsdom does not navigate; record which link the page follows instead.
    const follow = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    await view.user.click(within(exports).getByRole("button", { name: "Download the ONNX export" }));
    await waitFor(() => expect(follow).toHaveBeenCalledTimes(1));
    const anchor: unknown = follow.mock.contexts[0];
    expect(anchor instanceof HTMLAnchorElement && anchor.getAttribute("href")).toBe("/api/v1/export-downloads/tok");
    expect(requests.find((request) => request.method === "POST")?.body).toEqual({ expires_in_s: 600 });
  });

  it("shows the problem and its hint when the formats cannot be read", async () => {
    stubApi({
      "GET /api/v1/workspaces/ws_1/model-versions/mv_1/export-formats": {
        status: 404,
        body: problem(404, "model_version_not_found", "Model version not found.", { hint: "It may have been deleted." }),
      },
      "GET /api/v1/workspaces/ws_1/model-versions/mv_1/exports": { status: 200, body: { items: [], next_cursor: null } },
    });
    renderWithApp(<ExportsPanel workspaceId="ws_1" versionId="mv_1" canWrite />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Model version not found.");
    expect(alert).toHaveTextContent("It may have been deleted.");
  });
});
