import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { expiresAtFor } from "./queries";

const created = {
  id: "key_1",
  name: "Nightly scoring",
  prefix: "myd_ab12",
  key: "myd_ab12_secret_value_shown_once",
  scopes: ["read"],
  workspace_id: null,
  expires_at: null,
  last_used_at: null,
  created_at: "2026-03-01T12:00:00Z",
};

describe("CreateApiKeyDialog", () => {
  it("creates a key, shows the secret once, and forgets it when closed", async () => {
    const { requests } = stubApi({ "POST /api/v1/api-keys": { status: 201, body: created } });
    const view = renderWithApp(<CreateApiKeyDialog />);

    await view.user.click(await screen.findByRole("button", { name: "Create API key" }));
    const dialog = await screen.findByRole("dialog");
    await view.user.type(within(dialog).getByLabelText("Name"), "  Nightly scoring ");
    await view.user.click(within(dialog).getByRole("combobox", { name: "Access" }));
    await view.user.click(await screen.findByRole("option", { name: "Read only" }));
    await view.user.click(within(dialog).getByRole("combobox", { name: "Expires after" }));
    await view.user.click(await screen.findByRole("option", { name: "Never" }));
    await view.user.click(within(dialog).getByRole("button", { name: "Create key" }));

    const secret = await screen.findByLabelText("API key Nightly scoring");
    expect(secret).toHaveValue("myd_ab12_secret_value_shown_once");
    expect(screen.getByText("This is the only time the key is shown")).toBeInTheDocument();
    expect(requests[0]?.body).toEqual({ name: "Nightly scoring", scopes: ["read"], expires_at: null });

    await view.user.click(screen.getByRole("button", { name: "I have saved the key" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());

    await view.user.click(screen.getByRole("button", { name: "Create API key" }));
    expect(await screen.findByLabelText("Name")).toHaveValue("");
    expect(screen.queryByDisplayValue(created.key)).not.toBeInTheDocument();
  });

  it("requires a name", async () => {
    const { fetchMock } = stubApi({});
    const view = renderWithApp(<CreateApiKeyDialog />);
    await view.user.click(await screen.findByRole("button", { name: "Create API key" }));
    await view.user.type(await screen.findByLabelText("Name"), "   ");
    await view.user.click(screen.getByRole("button", { name: "Create key" }));
    expect(await screen.findByText("Name the key so you can recognise it later.")).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe("expiresAtFor", () => {
  it("adds the chosen number of days, or none", () => {
    const now = new Date("2026-03-01T00:00:00Z");
    expect(expiresAtFor("30", now)).toBe("2026-03-31T00:00:00.000Z");
    expect(expiresAtFor("never", now)).toBeNull();
  });
});
