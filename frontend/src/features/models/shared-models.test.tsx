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

/** A model shared with ws_2; by default owned by ws_1 ("Survival lab", which you belong to). */
function model(id: string, name: string, owner: { id: string; name: string | null } = { id: "ws_1", name: "Survival lab" }): RegisteredModel {
  return {
    id,
    workspace_id: owner.id,
    workspace_name: owner.name,
    name,
    description: "",
    task: "binary",
    created_at: "2026-03-01T12:00:00Z",
    updated_at: "2026-03-02T12:00:00Z",
    latest_version: versionSummary(2, { model_id: id, stage: "production" }),
  };
}

describe("SharedModelsSection", () => {
  it("lists models shared with the workspace and names each owner from the API, member or not", async () => {
    const { requests } = stubApi({
      "GET /api/v1/workspaces/ws_2/shared-models": {
        status: 200,
        body: page([
          model("mdl_1", "Titanic survival"),
          model("mdl_9", "Churn", { id: "ws_7", name: "Forecasting guild" }),
          model("mdl_5", "Fraud", { id: "ws_8", name: null }),
        ]),
      },
    });
    renderWithApp(<SharedModelsSection workspaceId="ws_2" />);

    const table = await screen.findByRole("table", { name: "Shared models" });
    const titanic = within(table).getByRole("link", { name: "Titanic survival" });
    expect(titanic).toHaveAttribute("href", "/w/ws_2/shared-models/mdl_1");
    const titanicRow = titanic.closest("tr") as HTMLElement;
    expect(within(titanicRow).getByText("Survival lab")).toBeInTheDocument();
    expect(titanicRow).toHaveTextContent("0.81 ROC AUC");
    expect(within(titanicRow).getByText("Production")).toBeInTheDocument();
    // Churn's owner is a workspace you are not a member of: its name still comes with the model.
    const churnRow = within(table).getByRole("link", { name: "Churn" }).closest("tr") as HTMLElement;
    expect(within(churnRow).getByText("Forecasting guild")).toBeInTheDocument();
    // Without a name from the API, a plain phrase.
    const fraudRow = within(table).getByRole("link", { name: "Fraud" }).closest("tr") as HTMLElement;
    expect(within(fraudRow).getByText("Another workspace")).toBeInTheDocument();
    // The owners come with the list: no workspace or model lists are read to find them.
    expect(requests.map((request) => request.path)).toEqual(["/api/v1/workspaces/ws_2/shared-models?limit=200"]);
  });

  it("says how a model gets shared when none is", async () => {
    const { requests } = stubApi({ "GET /api/v1/workspaces/ws_2/shared-models": { status: 200, body: page([]) } });
    renderWithApp(<SharedModelsSection workspaceId="ws_2" />);
    expect(await screen.findByText(/No model is shared with this workspace yet/)).toBeInTheDocument();
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

  it("shows the versions, the latest version's metrics and input columns, and deploys from the owner you belong to", async () => {
    stubApi({ ...sharedVersions, "GET /api/v1/workspaces": { status: 200, body: page(workspaces) } });
    renderWithApp(<SharedModelView workspaceId="ws_2" model={model("mdl_1", "Titanic survival")} selectedVersionId={undefined} />);

    const versions = await screen.findByRole("table", { name: "Versions" });
    expect(within(versions).getByRole("link", { name: "Version 2" })).toHaveAttribute("aria-current", "true");
    expect(within(versions).getByRole("link", { name: "Version 1" })).toHaveAttribute("href", "/w/ws_2/shared-models/mdl_1?version=mv_1");
    const metrics = await screen.findByRole("table", { name: "Metrics" });
    expect(within(metrics).getByRole("row", { name: /ROC AUC/ })).toHaveTextContent("0.820.81");
    expect(screen.getByRole("table", { name: "Input columns" })).toHaveTextContent("sex");
    expect(await screen.findByRole("link", { name: "Deploy it from Survival lab" })).toHaveAttribute("href", "/w/ws_1/models/mdl_1");
  });

  it("shows the chosen version, and says whom to ask when you are not in the owning workspace", async () => {
    stubApi({ ...sharedVersions, "GET /api/v1/workspaces": { status: 200, body: page(workspaces) } });
    const notYours = model("mdl_1", "Titanic survival", { id: "ws_7", name: "Forecasting guild" });
    renderWithApp(<SharedModelView workspaceId="ws_2" model={notYours} selectedVersionId="mv_1" />);
    expect(await screen.findByRole("heading", { name: "Metrics · version 1" })).toBeInTheDocument();
    expect(await screen.findByText(/Ask a member of Forecasting guild to deploy it there/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Deploy it from/ })).not.toBeInTheDocument();
  });

  it("says whom to ask when your workspaces cannot be read", async () => {
    stubApi({
      ...sharedVersions,
      "GET /api/v1/workspaces": { status: 500, body: problem(500, "internal_error", "Something went wrong.") },
    });
    renderWithApp(<SharedModelView workspaceId="ws_2" model={model("mdl_1", "Titanic survival")} selectedVersionId={undefined} />);
    expect(await screen.findByText(/Ask a member of Survival lab to deploy it there/)).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: /Deploy it from/ })).not.toBeInTheDocument();
  });
});
