import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { InviteMemberDialog } from "./invite-member-dialog";

const invitation = {
  id: "inv_1",
  email: "grace@example.com",
  role: "admin",
  expires_at: "2026-03-08T12:00:00Z",
  created_at: "2026-03-01T12:00:00Z",
  accept_url: "http://127.0.0.1:8000/invitations/tok_abc",
  token: "tok_abc",
};

describe("InviteMemberDialog", () => {
  it("invites with the chosen role and shows the accept link to copy", async () => {
    const { requests } = stubApi({ "POST /api/v1/workspaces/ws_1/invitations": { status: 201, body: invitation } });
    // user-event installs a clipboard stub on navigator.clipboard, readable below.
    Object.defineProperty(window, "isSecureContext", { value: true, configurable: true });

    const view = renderWithApp(<InviteMemberDialog workspaceId="ws_1" roles={["admin", "member", "viewer"]} />);
    await view.user.click(await screen.findByRole("button", { name: "Invite member" }));
    const dialog = await screen.findByRole("dialog");
    await view.user.type(within(dialog).getByLabelText("Email"), "grace@example.com");
    await view.user.click(within(dialog).getByRole("combobox", { name: "Role" }));
    expect(screen.queryByRole("option", { name: "Owner" })).not.toBeInTheDocument();
    await view.user.click(await screen.findByRole("option", { name: "Admin" }));
    await view.user.click(within(dialog).getByRole("button", { name: "Create invitation" }));

    const link = await screen.findByLabelText("Invitation link");
    expect(link).toHaveValue(invitation.accept_url);
    expect(requests[0]?.body).toEqual({ email: "grace@example.com", role: "admin" });

    await view.user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(await navigator.clipboard.readText()).toBe(invitation.accept_url);
    expect(await screen.findByRole("button", { name: "Copied" })).toBeInTheDocument();
  });

  it("shows why an invitation was refused", async () => {
    stubApi({
      "POST /api/v1/workspaces/ws_1/invitations": {
        status: 409,
        body: problem(409, "already_member", "grace@example.com is already a member.", { hint: "Change their role in the members list instead." }),
      },
    });
    const view = renderWithApp(<InviteMemberDialog workspaceId="ws_1" roles={["member"]} />);
    await view.user.click(await screen.findByRole("button", { name: "Invite member" }));
    await view.user.type(await screen.findByLabelText("Email"), "grace@example.com");
    await view.user.click(screen.getByRole("button", { name: "Create invitation" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("grace@example.com is already a member.");
    expect(alert).toHaveTextContent("Change their role in the members list instead.");
  });
});
