import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { DatasetsEmptyState } from "./datasets-empty-state";

const sample = {
  name: "titanic",
  title: "Titanic passengers",
  description: "Who survived the Titanic.",
  file: "titanic.csv",
  rows: 891,
  columns: 12,
  target: "survived",
  task: "binary",
  licence: "CC0",
  source: "https://example.org",
};

describe("DatasetsEmptyState", () => {
  it("imports a sample dataset from the empty state", async () => {
    const { requests } = stubApi({
      "GET /api/v1/sample-datasets": { status: 200, body: [sample] },
      "POST /api/v1/workspaces/ws_1/sample-datasets/titanic/import": {
        status: 201,
        body: { id: "ds_1", name: "Titanic passengers", description: "", tags: [], created_at: "2026-03-01T00:00:00Z", updated_at: "2026-03-01T00:00:00Z", latest_version: null, version_created: true },
      },
    });
    const view = renderWithApp(<DatasetsEmptyState workspaceId="ws_1" canWrite />);

    expect(await screen.findByRole("heading", { name: "No datasets yet" })).toBeInTheDocument();
    await view.user.click(screen.getByRole("button", { name: "Import a sample dataset" }));
    const dialog = await screen.findByRole("dialog", { name: "Import a sample dataset" });
    const list = await within(dialog).findByRole("list", { name: "Sample datasets" });
    expect(list).toHaveTextContent("891 rows · 12 columns · predicts survived");
    expect(list).toHaveTextContent("Binary classification");

    await view.user.click(within(dialog).getByRole("button", { name: "Import Titanic passengers" }));

    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(await screen.findByText("Imported “Titanic passengers”")).toBeInTheDocument();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toContain("POST /api/v1/workspaces/ws_1/sample-datasets/titanic/import");
  });

  it("explains why viewers cannot import and offers them no upload", async () => {
    stubApi({});
    renderWithApp(<DatasetsEmptyState workspaceId="ws_1" canWrite={false} />);
    const sampleButton = await screen.findByRole("button", { name: "Import a sample dataset" });
    expect(sampleButton).toBeDisabled();
    expect(sampleButton).toHaveAccessibleDescription(/Viewers can look but not add data/);
    expect(screen.queryByRole("button", { name: "Upload a dataset" })).not.toBeInTheDocument();
  });
});
