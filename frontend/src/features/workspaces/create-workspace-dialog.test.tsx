import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { CreateWorkspaceDialog } from "./create-workspace-dialog";

describe("CreateWorkspaceDialog", () => {
  it("loads its form when opened, creates the workspace and opens it", async () => {
    const { requests } = stubApi({
      "POST /api/v1/workspaces": ({ body }) => ({
        status: 201,
        body: { id: "ws_9", name: (body as { name: string }).name, role: "owner", created_at: "2026-03-01T12:00:00Z", updated_at: "2026-03-01T12:00:00Z" },
      }),
    });
    let open = true;
    const view = renderWithApp(<CreateWorkspaceDialog open onOpenChange={(next) => (open = next)} />);
    const dialog = await screen.findByRole("dialog", { name: "Create a workspace" });
    // The form is a lazy chunk: it replaces the placeholder once loaded.
    const name = await within(dialog).findByLabelText("Workspace name");
    await view.user.type(name, "Churn analytics");
    await view.user.click(within(dialog).getByRole("button", { name: "Create workspace" }));

    await waitFor(() => expect(view.router.state.location.pathname).toBe("/w/ws_9"));
    expect(requests.find((request) => request.method === "POST")?.body).toEqual({ name: "Churn analytics" });
    expect(open).toBe(false);
  });
});
