import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Workspace } from "@/lib/api";
import { stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { WorkspaceGeneralPanel } from "./workspace-general-panel";

const workspace = (role: Workspace["role"]): Workspace => ({ id: "ws_1", name: "Lab", description: "", role, created_at: "2026-01-01T00:00:00Z" });

describe("WorkspaceGeneralPanel", () => {
  it("saves a new name only after an edit", async () => {
    const { requests } = stubApi({ "PATCH /api/v1/workspaces/ws_1": { status: 200, body: { ...workspace("owner"), name: "Lab 2" } } });
    const view = renderWithApp(<WorkspaceGeneralPanel workspace={workspace("owner")} />);
    const save = await screen.findByRole("button", { name: "Save" });
    expect(save).toBeDisabled();
    await view.user.clear(screen.getByLabelText("Name"));
    await view.user.type(screen.getByLabelText("Name"), "Lab 2 ");
    await view.user.click(save);
    await waitFor(() => expect(requests[0]?.body).toEqual({ name: "Lab 2", description: "" }));
    expect(await screen.findByText("Workspace saved")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Delete workspace" })).toBeInTheDocument();
  });

  it("is read-only for members, who cannot delete", async () => {
    stubApi({});
    renderWithApp(<WorkspaceGeneralPanel workspace={workspace("member")} />);
    expect(await screen.findByLabelText("Name")).toHaveAttribute("readonly");
    expect(screen.queryByRole("button", { name: "Save" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete workspace" })).not.toBeInTheDocument();
  });
});
