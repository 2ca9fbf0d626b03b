import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { RegisteredModel } from "@/lib/api/models";
import { page, version, versionSummary } from "@/test/deployment-fixtures";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { SharedModelView } from "./shared-model-view";
import { SharedModelsSection } from "./shared-models-list";

const workspaces = [
  { id: "ws_2", name: "Receiving team", description: "", role: "member", created_at: "2026-03-01T12:00:00Z" },
  { id: "ws_1", name: "Survival lab", description: "", role: "owner", created_at: "2026-03-01T12:00:00Z" },
];

function model(id: string, name: string, latestNumber = 2): RegisteredModel {
  return {
    id,
    workspace_id: "ws_1",
    workspace_name: null,
    name,
    description: "",
    task: "binary",
    created_at: "2026-03-01T12:00:00Z",
    updated_at: "2026-03-02T12:00:00Z",
    latest_version: versionSummary(latestNumber, { model_id: id, stage: "production" }),
  };
}

describe("SharedModelsSection", () => {
  it("lists models shared with the workspace and names the owners you belong to", async () => {
    stubApi({
      "GET /api/v1/workspaces/ws_2/shared-models": { status: 200, body: page([model("mdl_1", "Titanic survival"), model("mdl_9", "Churn")]) },
      "GET /api/v1/workspaces": { status: 200, body: page(workspaces) },
      "GET /api/v1/workspaces/ws_1/models": { status: 200, body: page([model("mdl_1", "Titanic survival")]) },
    });
    renderWithApp(<SharedModelsSection workspaceId="ws_2" />);

    const table = await screen.findByRole("table", { name: "Shared models" });
    const titanic = within(table).getByRole("link", { name: "Titanic survival" });
    expect(titanic).toHaveAttribute("href", "/w/ws_2/shared-models/mdl_1");
    const titanicRow = titanic.closest("tr") as HTMLElement;
    expect(await within(titanicRow).findByText("Survival lab")).toBeInTheDocument();
    expect(titanicRow).toHaveTextContent("0.81 ROC AUC");
    expect(within(titanicRow).getByText("Production")).toBeInTheDocument();
    // Churn's owner is a workspace you are not a member of.
    const churnRow = within(table).getByRole("link", { name: "Churn" }).closest("tr") as HTMLElement;
    expect(await within(churnRow).findByText("Another workspace")).toBeInTheDocument();
  });

  it("says how a model gets shared when none is", async () => {
    const { requests } = stubApi({ "GET /api/v1/workspaces/ws_2/shared-models": { status: 200, body: page([]) } });
    renderWithApp(<SharedModelsSection workspaceId="ws_2" />);
    expect(await screen.findByText(/No model is shared with this workspace yet/)).toBeInTheDocument();
    // Owners are only looked up when there is something to name.
    expect(requests.map((request) => request.path)).toEqual(["/api/v1/workspaces/ws_2/shared-models?limit=200"]);
  });

  it("shows the problem when the list cannot be read", async () => {
    stubApi({
      "GET /api/v1/workspaces/ws_2/shared-models": { status: 403, body: problem(403, "permission_denied", "Permission denied.", { hint: "Ask an admin." }) },
    });
    renderWithApp(<SharedModelsSection workspaceId="ws_2" />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Permission denied.");
    expect(alert).toHaveTextContent("Ask an admin.");
  });
});

describe("SharedModelView", () => {
  const sharedVersions = {
    "GET /api/v1/workspaces/ws_2/shared-models/mdl_1/versions": { status: 200, body: page([versionSummary(2, { stage: "production" }), versionSummary(1)]) },
    "GET /api/v1/workspaces/ws_2/shared-model-versions/mv_2": { status: 200, body: version(2, { stage: "production" }) },
    "GET /api/v1/workspaces/ws_2/shared-model-versions/mv_1": { status: 200, body: version(1) },
  };

  it("shows the versions, the latest version's metrics and input columns, and deploys from the owner", async () => {
    stubApi(sharedVersions);
    renderWithApp(<SharedModelView workspaceId="ws_2" model={model("mdl_1", "Titanic survival")} owner={{ id: "ws_1", name: "Survival lab" }} selectedVersionId={undefined} />);

    const versions = await screen.findByRole("table", { name: "Versions" });
    expect(within(versions).getByRole("link", { name: "Version 2" })).toHaveAttribute("aria-current", "true");
    expect(within(versions).getByRole("link", { name: "Version 1" })).toHaveAttribute("href", "/w/ws_2/shared-models/mdl_1?version=mv_1");
    const metrics = await screen.findByRole("table", { name: "Metrics" });
    expect(within(metrics).getByRole("row", { name: /ROC AUC/ })).toHaveTextContent("0.820.81");
    expect(screen.getByRole("table", { name: "Input columns" })).toHaveTextContent("sex");
    expect(screen.getByRole("link", { name: "Deploy it from Survival lab" })).toHaveAttribute("href", "/w/ws_1/models/mdl_1");
  });

  it("shows the chosen version, and explains deploying when you are not in the owning workspace", async () => {
    stubApi(sharedVersions);
    renderWithApp(<SharedModelView workspaceId="ws_2" model={model("mdl_1", "Titanic survival")} owner={null} selectedVersionId="mv_1" />);
    expect(await screen.findByRole("heading", { name: "Metrics · version 1" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Deploy it from/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Ask a member of the owning workspace to deploy it there/)).toBeInTheDocument();
  });
});
