import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Workspace } from "@/lib/api";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { MembersPanel } from "./members-panel";

const me = { id: "usr_me", email: "ada@example.com", name: "Ada Lovelace", created_at: "2026-01-01T00:00:00Z" };
const workspace = (role: Workspace["role"]): Workspace => ({ id: "ws_1", name: "Lab", description: "", role, created_at: "2026-01-01T00:00:00Z" });
const members = {
  items: [
    { user_id: "usr_me", email: "ada@example.com", name: "Ada Lovelace", role: "owner", joined_at: "2026-01-01T00:00:00Z" },
    { user_id: "usr_2", email: "grace@example.com", name: "Grace Hopper", role: "member", joined_at: "2026-01-02T00:00:00Z" },
  ],
  next_cursor: null,
};

describe("MembersPanel", () => {
  it("lets an owner change a member's role", async () => {
    const { requests } = stubApi({
      "GET /api/v1/workspaces/ws_1/members": { status: 200, body: members },
      "PATCH /api/v1/workspaces/ws_1/members/usr_2": { status: 200, body: { ...members.items[1], role: "admin" } },
    });
    const view = renderWithApp(<MembersPanel workspace={workspace("owner")} me={me} />);

    const list = await screen.findByRole("list", { name: "Members" });
    expect(within(list).getByText("You")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Invite member" })).toBeInTheDocument();
    await view.user.click(screen.getByRole("combobox", { name: "Role of Grace Hopper" }));
    await view.user.click(await screen.findByRole("option", { name: "Admin" }));

    await waitFor(() => expect(requests.find((request) => request.method === "PATCH")?.body).toEqual({ role: "admin" }));
    expect(await screen.findByText("Grace Hopper is now admin")).toBeInTheDocument();
  });

  it("shows the server's refusal when the last owner would be removed", async () => {
    stubApi({
      "GET /api/v1/workspaces/ws_1/members": { status: 200, body: members },
      "DELETE /api/v1/workspaces/ws_1/members/usr_2": {
        status: 409,
        body: problem(409, "last_owner", "Grace Hopper is the last owner.", { hint: "Make someone else an owner first." }),
      },
    });
    const view = renderWithApp(<MembersPanel workspace={workspace("owner")} me={me} />);
    await view.user.click(await screen.findByRole("button", { name: "Remove Grace Hopper" }));
    const dialog = await screen.findByRole("alertdialog");
    await view.user.click(within(dialog).getByRole("button", { name: "Remove member" }));

    expect(await screen.findByText(/Grace Hopper is the last owner\./)).toBeInTheDocument();
    expect(screen.getByText(/Make someone else an owner first\./)).toBeInTheDocument();
    expect(screen.getByRole("alertdialog")).toBeInTheDocument();
  });

  it("gives viewers a read-only list", async () => {
    stubApi({ "GET /api/v1/workspaces/ws_1/members": { status: 200, body: members } });
    renderWithApp(<MembersPanel workspace={workspace("viewer")} me={me} />);
    await screen.findByRole("list", { name: "Members" });
    expect(screen.queryByRole("combobox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Invite member" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Leave workspace" })).toBeInTheDocument();
  });
});
