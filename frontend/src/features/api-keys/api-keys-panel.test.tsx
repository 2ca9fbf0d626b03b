import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { apiKey, deployment, page } from "@/test/deployment-fixtures";
import { stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { ApiKeysPanel } from "./api-keys-panel";

const workspace = { id: "ws_1", name: "Survival lab", description: "", role: "owner", created_at: "2026-03-01T12:00:00Z" };

describe("ApiKeysPanel", () => {
  it("names each key's scope: a deployment, one workspace, or all of yours", async () => {
    stubApi({
      "GET /api/v1/api-keys": {
        status: 200,
        body: page([
          apiKey({ id: "key_1", name: "Everywhere" }),
          apiKey({ id: "key_2", name: "Lab reader", scopes: ["read"], workspace_id: "ws_1" }),
          apiKey({ id: "key_3", name: "Checkout", workspace_id: "ws_1", deployment_id: "dep_1" }),
        ]),
      },
      "GET /api/v1/workspaces": { status: 200, body: page([workspace]) },
      "GET /api/v1/workspaces/ws_1/deployments": { status: 200, body: page([deployment()]) },
    });
    renderWithApp(<ApiKeysPanel />);

    const row = async (name: string) => (await screen.findByRole("cell", { name: new RegExp(`^${name}`) })).closest("tr") as HTMLElement;
    expect(within(await row("Everywhere")).getByTestId("api-key-scope")).toHaveTextContent("Full access · all your workspaces");
    expect(await within(await row("Lab reader")).findByText("Read only in Survival lab")).toBeInTheDocument();
    const checkout = await row("Checkout");
    const link = await within(checkout).findByRole("link", { name: "Titanic pilot" });
    expect(link).toHaveAttribute("href", "/w/ws_1/deployments/dep_1");
    expect(within(checkout).getByTestId("api-key-scope")).toHaveTextContent("Predict on Titanic pilot only");
  });
});
