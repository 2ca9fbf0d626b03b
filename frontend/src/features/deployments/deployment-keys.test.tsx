import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { DeploymentKey } from "@/lib/api/deployments";
import { formatDate } from "@/lib/format";
import { apiKey, deployment, page } from "@/test/deployment-fixtures";
import { problem, type RecordedRequest, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { DeploymentKeys } from "./deployment-keys";

const KEYS = "/api/v1/workspaces/ws_1/deployments/dep_1/api-keys";
const record = { sex: "female", age: 0 };

function deploymentKey(overrides: Partial<DeploymentKey> = {}): DeploymentKey {
  return {
    id: "key_2",
    name: "Checkout service",
    prefix: "myd_cd34",
    deployment_id: "dep_1",
    created_by: { id: "usr_2", name: "Ada Lovelace", email: "ada@example.com" },
    expires_at: null,
    last_used_at: null,
    created_at: "2026-03-01T12:00:00Z",
    ...overrides,
  };
}

const checkout = deploymentKey({ last_used_at: new Date(Date.now() - 3 * 3600 * 1000).toISOString(), expires_at: "2099-06-01T12:00:00Z" });
const mobile = deploymentKey({ id: "key_5", name: "Mobile app", prefix: "myd_gh78", created_by: { id: "usr_3", name: "Grace Hopper", email: "grace@example.com" } });
const created = { ...apiKey({ id: "key_3", workspace_id: "ws_1", deployment_id: "dep_1" }), name: "Mobile app", prefix: "myd_ef56", key: "myd_ef56_secret_shown_once" };

const listReads = (requests: RecordedRequest[]) => requests.filter((request) => request.method === "GET" && request.path.startsWith(KEYS));

describe("DeploymentKeys", () => {
  it("lists every live key bound to the deployment, with who made it, its prefix, last use and expiry", async () => {
    const { requests } = stubApi({ [`GET ${KEYS}`]: { status: 200, body: page([checkout, mobile]) } });
    renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    const list = await screen.findByRole("list", { name: "API keys for this deployment" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(first).toHaveTextContent("Checkout service");
    expect(first).toHaveTextContent("myd_cd34…");
    expect(first).toHaveTextContent("by Ada Lovelace");
    expect(first).toHaveTextContent("used 3 hours ago");
    expect(first).toHaveTextContent(`expires ${formatDate("2099-06-01T12:00:00Z")}`);
    expect(second).toHaveTextContent("by Grace Hopper");
    expect(second).toHaveTextContent("never used · never expires");
    expect(within(list).getByRole("button", { name: "Revoke Checkout service" })).toBeInTheDocument();
    expect(within(list).getByRole("button", { name: "Revoke Mobile app" })).toBeInTheDocument();
    // The deployment's own endpoint, not the caller's keys.
    expect(listReads(requests)).toHaveLength(1);
    expect(requests.some((request) => request.path.startsWith("/api/v1/api-keys"))).toBe(false);
  });

  it("marks an expired key", async () => {
    stubApi({ [`GET ${KEYS}`]: { status: 200, body: page([deploymentKey({ expires_at: "2020-01-01T00:00:00Z" })]) } });
    renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    const list = await screen.findByRole("list", { name: "API keys for this deployment" });
    const item = within(list).getByRole("listitem");
    expect(within(item).getByText("Expired")).toBeInTheDocument();
    expect(item).toHaveTextContent(`expired ${formatDate("2020-01-01T00:00:00Z")}`);
  });

  it("revokes any key after confirmation, through the deployment's endpoint, and reads the list again", async () => {
    let live = [checkout, mobile];
    const { requests } = stubApi({
      [`GET ${KEYS}`]: () => ({ status: 200, body: page(live) }),
      [`DELETE ${KEYS}/key_5`]: () => {
        live = live.filter((key) => key.id !== "key_5");
        return { status: 204 };
      },
    });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    await view.user.click(await screen.findByRole("button", { name: "Revoke Mobile app" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Revoke “Mobile app”?" });
    expect(dialog).toHaveTextContent("Grace Hopper made this key.");
    expect(requests.filter((request) => request.method === "DELETE")).toHaveLength(0);

    await view.user.click(within(dialog).getByRole("button", { name: "Revoke key" }));
    expect(await screen.findByText("API key “Mobile app” revoked")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    await waitFor(() => expect(screen.queryByText("Mobile app")).not.toBeInTheDocument());
    expect(screen.getByRole("list", { name: "API keys for this deployment" })).toHaveTextContent("Checkout service");
    expect(requests.filter((request) => request.method === "DELETE").map((request) => request.path)).toEqual([`${KEYS}/key_5`]);
    expect(listReads(requests)).toHaveLength(2);
  });

  it("keeps the dialog open with the server's problem when a revoke is refused", async () => {
    stubApi({
      [`GET ${KEYS}`]: { status: 200, body: page([checkout]) },
      [`DELETE ${KEYS}/key_2`]: {
        status: 403,
        body: problem(403, "permission_denied", "You may not do this in this workspace.", { hint: "Ask an admin of the workspace." }),
      },
    });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    await view.user.click(await screen.findByRole("button", { name: "Revoke Checkout service" }));
    const dialog = await screen.findByRole("alertdialog");
    await view.user.click(within(dialog).getByRole("button", { name: "Revoke key" }));
    expect(await screen.findByText("Could not revoke the key: You may not do this in this workspace.")).toBeInTheDocument();
    expect(screen.getByText("Ask an admin of the workspace.", { exact: false })).toBeInTheDocument();
    expect(screen.getByRole("alertdialog")).toBeInTheDocument();
    // The page behind the open dialog is hidden from assistive tech, hence `hidden`.
    expect(screen.getByRole("list", { name: "API keys for this deployment", hidden: true })).toHaveTextContent("Checkout service");
  });

  it("closes the dialog and reads the list again when the key was already revoked", async () => {
    let live = [checkout];
    const { requests } = stubApi({
      [`GET ${KEYS}`]: () => ({ status: 200, body: page(live) }),
      [`DELETE ${KEYS}/key_2`]: () => {
        live = [];
        return { status: 404, body: problem(404, "api_key_not_found", "The API key does not exist or was revoked.") };
      },
    });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    await view.user.click(await screen.findByRole("button", { name: "Revoke Checkout service" }));
    await view.user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Revoke key" }));
    expect(await screen.findByText("Could not revoke the key: The API key does not exist or was revoked.")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(await screen.findByText(/No key is bound to this deployment yet/)).toBeInTheDocument();
    expect(listReads(requests)).toHaveLength(2);
  });

  it("shows the problem and its hint when the keys cannot be listed", async () => {
    stubApi({
      [`GET ${KEYS}`]: {
        status: 404,
        body: problem(404, "deployment_not_found", "The deployment does not exist, or it is not serving.", { hint: "List the workspace's deployments." }),
      },
    });
    renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The deployment does not exist, or it is not serving.");
    expect(alert).toHaveTextContent("List the workspace's deployments.");
    expect(screen.queryByRole("list", { name: "API keys for this deployment" })).not.toBeInTheDocument();
  });

  it("creates a key bound to the deployment, shows its secret once with the endpoint call, and reads the list again", async () => {
    let live: DeploymentKey[] = [];
    const { requests } = stubApi({
      [`GET ${KEYS}`]: () => ({ status: 200, body: page(live) }),
      [`POST ${KEYS}`]: () => {
        live = [mobile];
        return { status: 201, body: created };
      },
    });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    expect(await screen.findByText(/No key is bound to this deployment yet/)).toBeInTheDocument();

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
    await waitFor(() => expect(listReads(requests)).toHaveLength(2));

    await view.user.click(screen.getByRole("button", { name: "I have saved the key" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(screen.queryByDisplayValue(created.key)).not.toBeInTheDocument();
    expect(screen.getByRole("list", { name: "API keys for this deployment" })).toHaveTextContent("by Grace Hopper");
  });

  it("shows the server's problem and hint when the key cannot be created", async () => {
    stubApi({
      [`GET ${KEYS}`]: { status: 200, body: page([]) },
      [`POST ${KEYS}`]: {
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

  it("requires a name", async () => {
    const { fetchMock } = stubApi({ [`GET ${KEYS}`]: { status: 200, body: page([]) } });
    const view = renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite record={record} />);
    await view.user.click(await screen.findByRole("button", { name: "Create a key for this deployment" }));
    await view.user.click(await screen.findByRole("button", { name: "Create key" }));
    expect(await screen.findByText("Name the key so you can recognise it later.")).toBeInTheDocument();
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === "POST")).toHaveLength(0);
  });

  it("gives viewers no controls and does not ask for the keys (the API refuses them)", async () => {
    const { fetchMock } = stubApi({ [`GET ${KEYS}`]: { status: 200, body: page([checkout]) } });
    renderWithApp(<DeploymentKeys workspaceId="ws_1" deployment={deployment()} canWrite={false} record={record} />);
    expect(await screen.findByText(/Members and admins see and manage this deployment’s keys/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Create|Revoke/ })).not.toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "API keys for this deployment" })).not.toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
