import { expect, request, test } from "@playwright/test";
import { expectAccessible, screenshot, uniqueEmail } from "./support";

const password = "correct-horse-battery-staple";

/** An owner set up through the API, so this spec is only about the invitee's side. */
async function ownerWithInvitation(baseURL: string, inviteeEmail: string): Promise<{ acceptUrl: string; workspaceName: string }> {
  const api = await request.newContext({ baseURL });
  const email = uniqueEmail("owner");
  expect((await api.post("/api/v1/auth/register", { data: { email, password, name: "Olive Owner" } })).status()).toBe(201);
  const login = await api.post("/api/v1/auth/login", { data: { email, password } });
  expect(login.status()).toBe(200);
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const headers = { "X-CSRF-Token": csrf };
  const workspaceName = "Forecasting guild";
  const workspace = await api.post("/api/v1/workspaces", { data: { name: workspaceName }, headers });
  expect(workspace.status()).toBe(201);
  const { id } = (await workspace.json()) as { id: string };
  const invitation = await api.post(`/api/v1/workspaces/${id}/invitations`, { data: { email: inviteeEmail, role: "viewer" }, headers });
  expect(invitation.status()).toBe(201);
  const { accept_url: acceptUrl } = (await invitation.json()) as { accept_url: string };
  await api.dispose();
  return { acceptUrl, workspaceName };
}

test("an invitee opens the accept link signed out, creates an account and joins as a viewer", async ({ page, baseURL }) => {
  const invitee = uniqueEmail("grace");
  const { acceptUrl, workspaceName } = await ownerWithInvitation(baseURL ?? "", invitee);
  const invitationPath = new URL(acceptUrl).pathname;

  await page.goto(invitationPath);
  await expect(page).toHaveURL(/\/login\?redirect=/);
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByLabel("Work email").fill(invitee);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(new RegExp(`${invitationPath}$`));
  await expect(page.getByRole("heading", { name: "You have been invited" })).toBeVisible();
  await expectAccessible(page, "invitation");
  await screenshot(page, "light-accept-invitation");
  await page.getByRole("button", { name: "Accept invitation" }).click();

  await expect(page.getByText(`${workspaceName} · you are viewer`)).toBeVisible();
  await expect(page.getByText(`You joined ${workspaceName}`)).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("list", { name: "Members" })).toContainText("Olive Owner");
  await expect(page.getByRole("button", { name: "Invite member" })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Datasets" }).click();
  await expect(page.getByRole("button", { name: "Import a sample dataset" })).toBeDisabled();
  await expect(page.getByText(/Viewers can look but not add data/)).toBeVisible();

  // The token is single-use: opening the link again explains what happened.
  await page.goto(invitationPath);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
});
