import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { apiKey, deployment, page } from "@/test/deployment-fixtures";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { DeploymentKeys } from "./deployment-keys";

const record = { sex: "female", age: 0 };
const bound = apiKey({ id: "key_2", name: "Checkout service", prefix: "myd_cd34", workspace_id: "ws_1", deployment_id: "dep_1" });
const created = { ...bound, id: "key_3", name: "Mobile app", prefix: "myd_ef56", key: "myd_ef56_secret_shown_once" };

describe("DeploymentKeys", () => {
  it("lists only the keys bound to this deployment", async () => {
    stubApi({
      "GET /api/v1/api-keys": {
        status: 200,
        body: page([apiKey(), bound, apiKey({ id: "key_4", name: "Other deployment", workspace_id: "ws_1", deployment_id: "dep_9" })]),
      },
    });
    renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    const list = await screen.findByRole("list", { name: "API keys for this deployment" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(1);
    expect(list).toHaveTextContent("Checkout service");
    expect(list).toHaveTextContent("myd_cd34…");
    expect(within(list).getByRole("button", { name: "Revoke Checkout service" })).toBeInTheDocument();
  });

  it("creates a key bound to the deployment and shows its secret once, with the endpoint call", async () => {
    const { requests } = stubApi({
      "GET /api/v1/api-keys": { status: 200, body: page([]) },
      "POST /api/v1/workspaces/ws_1/deployments/dep_1/api-keys": { status: 201, body: created },
    });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    expect(await screen.findByText(/You have no key for this deployment yet/)).toBeInTheDocument();

    await view.user.click(screen.getByRole("button", { name: "Create a key for this deployment" }));
    const dialog = await screen.findByRole("dialog", { name: "Create a key for Titanic pilot" });
    await view.user.type(within(dialog).getByLabelText("Name"), " Mobile app ");
    await view.user.click(within(dialog).getByRole("combobox", { name: "Expires after" }));
    await view.user.click(await screen.findByRole("option", { name: "Never" }));
    await view.user.click(within(dialog).getByRole("button", { name: "Create key" }));

    expect(await screen.findByLabelText("API key Mobile app")).toHaveValue("myd_ef56_secret_shown_once");
    expect(requests.find((request) => request.method === "POST")?.body).toEqual({ name: "Mobile app", expires_at: null });
    const snippet = screen.getByRole("figure", { name: /Call the endpoint/ });
    expect(snippet).toHaveTextContent("/api/v1/deployments/dep_1/predict");
    expect(snippet).toHaveTextContent('{"record":{"sex":"female","age":0}}');
    expect(snippet).not.toHaveTextContent("myd_ef56_secret_shown_once");
    // The list is read again, so the new key shows up behind the dialog.
    await waitFor(() => expect(requests.filter((request) => request.path === "/api/v1/api-keys").length).toBe(2));

    await view.user.click(screen.getByRole("button", { name: "I have saved the key" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(screen.queryByDisplayValue(created.key)).not.toBeInTheDocument();
  });

  it("shows the server's problem and hint when the key cannot be created", async () => {
    stubApi({
      "GET /api/v1/api-keys": { status: 200, body: page([]) },
      "POST /api/v1/workspaces/ws_1/deployments/dep_1/api-keys": {
        status: 404,
        body: problem(404, "deployment_not_found", "The deployment does not exist, or it is not serving.", { hint: "List the workspace's deployments." }),
      },
    });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    await view.user.click(await screen.findByRole("button", { name: "Create a key for this deployment" }));
    const dialog = await screen.findByRole("dialog");
    await view.user.type(within(dialog).getByLabelText("Name"), "CI");
    await view.user.click(within(dialog).getByRole("button", { name: "Create key" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("The deployment does not exist, or it is not serving.");
    expect(alert).toHaveTextContent("List the workspace's deployments.");
  });

  it("requires a name and offers no creation to viewers", async () => {
    const { fetchMock } = stubApi({ "GET /api/v1/api-keys": { status: 200, body: page([]) } });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    await view.user.click(await screen.findByRole("button", { name: "Create a key for this deployment" }));
    await view.user.click(await screen.findByRole("button", { name: "Create key" }));
    expect(await screen.findByText("Name the key so you can recognise it later.")).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === "POST")).toHaveLength(0);
    view.unmount();

    renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite={false} record={record} />);
    expect(await screen.findByText(/Members can create them/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Create a key for this deployment" })).not.toBeInTheDocument();
  });
});
