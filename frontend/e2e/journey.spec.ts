import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot, uniqueEmail } from "./support";

const password = "correct-horse-battery-staple";

test.describe.configure({ mode: "serial" });

test("a new user signs up, signs in, sets up a workspace, invites, creates an API key and signs out", async ({ page }) => {
  const email = uniqueEmail("ada");
  const teammate = uniqueEmail("grace");
  const consoleErrors: string[] = [];
  let errorsExpected = false;
  page.on("console", (message) => {
    if (message.type() === "error" && !errorsExpected) consoleErrors.push(message.text());
  });

  await test.step("signed-out visitors are sent to sign in", async () => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await expectAccessible(page, "login");
    await screenshot(page, "light-login");
  });

  await test.step("sign up", async () => {
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Tell us your name.")).toBeVisible();
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill(password);
    await expectAccessible(page, "signup");
    await screenshot(page, "light-signup");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();
    await expect(page.getByText(/Welcome to Modelyard/)).toBeVisible();
  });

  await test.step("sign out and back in, with a wrong password first", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert").filter({ hasText: /password/i });
    await expect(alert).toBeVisible();
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Ada Lovelace" })).toBeVisible();
  });

  await test.step("create the first workspace", async () => {
    await expectAccessible(page, "welcome");
    await page.getByLabel("Workspace name").fill("Churn analytics");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
    await expect(page.getByText("Churn analytics · you are owner")).toBeVisible();
    await expect(page.getByText("Workspace “Churn analytics” created")).toBeVisible();
    await expectAccessible(page, "dashboard");
    await screenshot(page, "light-dashboard");
  });

  await test.step("create a second workspace from the switcher, then switch back", async () => {
    await page.getByRole("button", { name: /Switch workspace/ }).click();
    await page.getByRole("menuitem", { name: "Create workspace" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a workspace" });
    await dialog.getByLabel("Workspace name").fill("Fraud lab");
    await dialog.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByText("Fraud lab · you are owner")).toBeVisible();
    await page.getByRole("button", { name: /Switch workspace/ }).click();
    await page.getByRole("menuitem", { name: /Churn analytics/ }).click();
    await expect(page.getByText("Churn analytics · you are owner")).toBeVisible();
  });

  await test.step("rename, then delete the second workspace", async () => {
    await page.getByRole("button", { name: /Switch workspace/ }).click();
    await page.getByRole("menuitem", { name: /Fraud lab/ }).click();
    await expect(page.getByText("Fraud lab · you are owner")).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "General" }).click();
    const details = page.getByRole("form", { name: "Workspace details" });
    await details.getByLabel("Name").fill("Fraud lab (old)");
    await details.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText("Workspace saved")).toBeVisible();
    await expect(page.getByRole("button", { name: /Workspace: Fraud lab \(old\)/ })).toBeVisible();
    await expectAccessible(page, "workspace settings");
    await page.getByRole("button", { name: "Delete workspace" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete workspace" }).click();
    await expect(page.getByText("Workspace “Fraud lab (old)” deleted")).toBeVisible();
    await expect(page.getByText("Churn analytics · you are owner")).toBeVisible();
  });

  await test.step("invite a member and see the accept link", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Members" })).toContainText("Ada Lovelace");
    await page.getByRole("button", { name: "Invite member" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Email").fill(teammate);
    await dialog.getByRole("combobox", { name: "Role" }).click();
    await page.getByRole("option", { name: "Viewer" }).click();
    await dialog.getByRole("button", { name: "Create invitation" }).click();
    const link = dialog.getByLabel("Invitation link");
    await expect(link).toHaveValue(/\/invitations\/.+/);
    await expectAccessible(page, "invitation dialog");
    await screenshot(page, "light-invitation-link");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.getByRole("list", { name: "Pending invitations" })).toContainText(teammate);
    await expectAccessible(page, "members");
    await screenshot(page, "light-members");
  });

  await test.step("create an API key, shown once", async () => {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "API keys" }).click();
    await expect(page.getByText("No API keys yet")).toBeVisible();
    await page.getByRole("button", { name: "Create API key" }).first().click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Name").fill("Nightly scoring");
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByTestId("api-key-secret")).toHaveValue(/^myd_/);
    await screenshot(page, "light-api-key-created");
    await dialog.getByRole("button", { name: "I have saved the key" }).click();
    await expect(page.getByRole("table")).toContainText("Nightly scoring");
    await expect(page.getByTestId("api-key-secret")).toHaveCount(0);
    await expectAccessible(page, "api keys");
  });

  await test.step("sessions list this browser", async () => {
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Sessions" }).click();
    await expect(page.getByText("This browser")).toBeVisible();
    await expectAccessible(page, "sessions");
  });

  await test.step("import a sample dataset from the empty state and watch it profile", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Datasets" }).click();
    await expect(page.getByRole("heading", { name: "No datasets yet" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Upload a dataset" })).toBeEnabled();
    await expectAccessible(page, "datasets (empty)");
    await screenshot(page, "light-datasets-empty");
    await page.getByRole("button", { name: "Import a sample dataset" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a sample dataset" });
    const firstSample = dialog.getByRole("button", { name: /^Import / }).first();
    const sampleLabel = (await firstSample.getAttribute("aria-label")) ?? "";
    await expectAccessible(page, "sample datasets dialog");
    await firstSample.click();
    await expect(dialog).toBeHidden();
    const table = page.getByRole("table");
    await expect(table).toContainText(sampleLabel.replace(/^Import /, ""));
    await expect(table.getByText("Profiled")).toBeVisible({ timeout: 45_000 });
    await expectAccessible(page, "datasets");
    await screenshot(page, "light-datasets");
  });

  await test.step("keyboard: skip link, visible focus, and a foreign workspace is not found", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
    const navigation = await page.evaluate(() => {
      const entry = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return { domContentLoaded: Math.round(entry.domContentLoadedEventEnd), load: Math.round(entry.loadEventEnd) };
    });
    const firstContent = await page.evaluate(() => Math.round(performance.now()));
    console.log(`dashboard reload on loopback: DOMContentLoaded ${navigation.domContentLoaded} ms, load ${navigation.load} ms, dashboard rendered by ${firstContent} ms`);

    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press("Enter");
    await expect(page.locator("#main")).toBeFocused();
    await page.keyboard.press("Tab");
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline, "the focused control shows an outline").not.toBe("none");

    const dashboardUrl = page.url();
    errorsExpected = true;
    await page.goto("/w/ws_not_mine_at_all");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.goto(dashboardUrl);
    await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
    errorsExpected = false;
  });

  await test.step("dark mode persists across reloads", async () => {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
    await expectAccessible(page, "dashboard (dark)");
    await screenshot(page, "dark-dashboard");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
    await expectAccessible(page, "members (dark)");
    await screenshot(page, "dark-members");
  });

  await test.step("375 px wide: mobile navigation", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: "Switch to light mode" }).click();
    await page.reload();
    await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
    await expect(page.getByRole("complementary", { name: "Sidebar" })).toBeHidden();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "no horizontal page scrolling at 375 px").toBeLessThanOrEqual(0);
    await screenshot(page, "mobile-members");
    await page.getByRole("button", { name: "Open navigation" }).click();
    const sheet = page.getByRole("dialog");
    await expect(sheet.getByRole("link", { name: "Datasets" })).toBeVisible();
    await screenshot(page, "mobile-navigation");
    await sheet.getByRole("link", { name: "Dashboard" }).click();
    await expect(sheet).toBeHidden();
    await expect(page.getByRole("heading", { name: "Welcome, Ada" })).toBeVisible();
    await expectAccessible(page, "dashboard (mobile)");
    await screenshot(page, "mobile-dashboard");
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await test.step("sign out from the user menu", async () => {
    const workspaceUrl = page.url();
    await page.getByRole("button", { name: /Account menu/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByText("Signed out")).toBeVisible();
    await page.goto(workspaceUrl);
    await expect(page).toHaveURL(/\/login\?redirect=/);
  });

  // The 401 from /users/me on the sign-in page is expected; nothing else may log errors.
  expect(consoleErrors.filter((text) => !text.includes("401"))).toEqual([]);
});
