import { expect, type APIRequestContext, type Page, test } from "@playwright/test";
import { expectAccessible, screenshot, uniqueEmail } from "./support";

/**
 * The deployment half of the journey: two versions trained through the API (titanic, 4 s
 * each), v1 deployed from the web app, v2 promoted, rolled back, a deployment-scoped API key
 * that predicts on its deployment and nowhere else (then revoked from the deployment page), the model shared with a second
 * workspace, where it shows under "Shared with this workspace"; axe-checked and screenshotted
 * in light, dark and 375 px.
 */
const password = "correct-horse-battery-staple";
const passenger = { sex: "male", age: 30, passengerClass: "3rd" };

test.describe.configure({ mode: "serial" });

interface Setup {
  csrf: string;
  workspaceId: string;
  modelId: string;
  v1: string;
  v2: string;
}

async function api<T>(request: APIRequestContext, method: "GET" | "POST", url: string, csrf: string, data?: unknown): Promise<T> {
  const response = await request.fetch(url, { method, data, headers: method === "POST" ? { "X-CSRF-Token": csrf } : {} });
  expect(response.ok(), `${method} ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Signs up through the API (the page shares its cookies) and trains titanic twice into one model. */
async function trainTwice(page: Page): Promise<Setup> {
  const request = page.request;
  const email = uniqueEmail("deploy");
  await api(request, "POST", "/api/v1/auth/register", "", { email, password, name: "Katherine Johnson" });
  const { csrf_token: csrf } = await api<{ csrf_token: string }>(request, "POST", "/api/v1/auth/login", "", { email, password });
  const workspace = await api<{ id: string }>(request, "POST", "/api/v1/workspaces", csrf, { name: "Harbour lab" });
  const base = `/api/v1/workspaces/${workspace.id}`;
  const dataset = await api<{ latest_version: { id: string } }>(request, "POST", `${base}/sample-datasets/titanic/import`, csrf);
  const jobs: { id: string }[] = [];
  for (const seed of [0, 1]) {
    const body = { dataset_version_id: dataset.latest_version.id, target: "survived", time_budget_s: 4, seed, model_name: "Titanic survival" };
    jobs.push(await api(request, "POST", `${base}/training-jobs`, csrf, body));
  }
  let modelVersionId = "";
  for (const job of jobs) {
    await expect
      .poll(
        async () => {
          const state = await api<{ status: string; model_version_id: string }>(request, "GET", `${base}/training-jobs/${job.id}`, csrf);
          modelVersionId = state.model_version_id;
          return state.status;
        },
        { timeout: 120_000, intervals: [500] },
      )
      .toBe("succeeded");
  }
  const { model_id: modelId } = await api<{ model_id: string }>(request, "GET", `${base}/model-versions/${modelVersionId}`, csrf);
  // The jobs may finish in either order: number the versions as the registry does.
  const versions = await api<{ items: { id: string; number: number }[] }>(request, "GET", `${base}/models/${modelId}/versions`, csrf);
  const byNumber = new Map(versions.items.map((version) => [version.number, version.id]));
  return { csrf, workspaceId: workspace.id, modelId, v1: byNumber.get(1) ?? "", v2: byNumber.get(2) ?? "" };
}

test("deploy v1 → promote v2 → roll back → a deployment key predicts only there → share with another workspace", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  const setup = await test.step("train two versions through the API", () => trainTwice(page));
  const { workspaceId } = setup;
  let deploymentUrl = "";
  let deploymentId = "";
  const revisions = page.getByRole("list", { name: "Revisions" });
  const header = page.getByRole("main").getByText(/^Serves version \d · revision \d$/);

  await test.step("deploy version 1 from its page", async () => {
    await page.goto(`/w/${workspaceId}/models/${setup.modelId}/versions/${setup.v1}`);
    await page.getByRole("button", { name: "Deploy", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Deploy this version" });
    await dialog.getByLabel("Deployment name").fill("Titanic live");
    await dialog.getByRole("button", { name: "Deploy" }).click();
    await expect(page.getByRole("heading", { name: "Titanic live", level: 1 })).toBeVisible();
    deploymentUrl = new URL(page.url()).pathname;
    deploymentId = deploymentUrl.split("/").pop() ?? "";
    await expect(header).toHaveText("Serves version 1 · revision 1");
    await expect(page.getByRole("button", { name: "Roll back" })).toBeDisabled();
  });

  await test.step("promote version 2 with a comment", async () => {
    await page.getByRole("button", { name: "Promote a version" }).click();
    const dialog = page.getByRole("dialog", { name: "Promote a version" });
    const v2 = dialog.getByRole("radio", { name: /Version 2/ });
    await expect(v2).toBeChecked();
    await expect(dialog.getByRole("radio")).toHaveCount(1);
    await expect(v2).toHaveAccessibleName(/^Version 2\s*(No stage|Staging|Production|Archived)\s*0\.\d+ ROC AUC \(holdout\)/);
    await dialog.getByLabel("Comment (optional)").fill("Second seed scores better");
    await expectAccessible(page, "promote dialog");
    await dialog.getByRole("button", { name: "Promote version 2" }).click();
    await expect(page.getByText("Now serving version 2")).toBeVisible();
    await expect(header).toHaveText("Serves version 2 · revision 2");
    await expect(revisions.getByRole("listitem").first()).toContainText("Revision 2 · Promoted version 2 (was version 1) · current");
    await expect(revisions).toContainText("“Second seed scores better”");
  });

  await test.step("roll back to version 1 after a confirmation naming it", async () => {
    await page.getByRole("button", { name: "Roll back" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Roll back to version 1?" });
    await expect(dialog).toContainText("stops serving version 2 and serves version 1 again");
    await dialog.getByRole("button", { name: "Roll back to version 1" }).click();
    await expect(page.getByText("Rolled back to version 1")).toBeVisible();
    await expect(header).toHaveText("Serves version 1 · revision 3");
    await expect(revisions.getByRole("listitem").first()).toContainText("Revision 3 · Rolled back version 1 (was version 2) · current");
  });

  let secret = "";
  await test.step("create a key for this deployment; its secret is shown once", async () => {
    await page.getByRole("button", { name: "Create a key for this deployment" }).click();
    const dialog = page.getByRole("dialog", { name: "Create a key for Titanic live" });
    await dialog.getByLabel("Name").fill("Checkout service");
    await dialog.getByRole("button", { name: "Create key" }).click();
    const field = page.getByLabel("API key Checkout service");
    await expect(field).toHaveValue(/.{20,}/);
    secret = await field.inputValue();
    await expect(page.getByRole("figure", { name: /Call the endpoint/ })).toContainText(`/api/v1/deployments/${deploymentId}/predict`);
    await expectAccessible(page, "deployment key created");
    await page.getByRole("button", { name: "I have saved the key" }).click();
    const keys = page.getByRole("list", { name: "API keys for this deployment" });
    await expect(keys).toContainText("Checkout service");
    await expect(keys).toContainText("by Katherine Johnson");
  });

  await test.step("the key predicts on its deployment and is refused on another", async () => {
    const bearer = { Authorization: `Bearer ${secret}` };
    for (let call = 0; call < 3; call++) {
      const ok = await page.request.post(`/api/v1/deployments/${deploymentId}/predict`, { data: { record: passenger }, headers: bearer });
      expect(ok.status(), await ok.text()).toBe(200);
      const prediction = (await ok.json()) as { predictions: unknown[]; model_version_id: string };
      expect(prediction.predictions).toHaveLength(1);
      expect(prediction.model_version_id).toBe(setup.v1);
    }

    const other = await api<{ id: string }>(page.request, "POST", `/api/v1/workspaces/${workspaceId}/deployments`, setup.csrf, {
      name: "Titanic shadow",
      model_version_id: setup.v2,
    });
    const refused = await page.request.post(`/api/v1/deployments/${other.id}/predict`, { data: { record: passenger }, headers: bearer });
    expect(refused.status()).toBe(404);
    expect(((await refused.json()) as { code: string }).code).toBe("deployment_not_found");
  });

  await test.step("settings → API keys names the key's deployment", async () => {
    await page.goto(`/w/${workspaceId}/settings/api-keys`);
    const row = page.getByRole("row", { name: /Checkout service/ });
    await expect(row.getByTestId("api-key-scope")).toHaveText("Predict on Titanic live only");
    await expect(row.getByRole("link", { name: "Titanic live" })).toHaveAttribute("href", deploymentUrl);
  });

  await test.step("the Monitoring tab counts the three predictions", async () => {
    await page.goto(deploymentUrl);
    await page.getByRole("tab", { name: "Monitoring" }).click();
    await expect(page).toHaveURL(/tab=monitoring/);
    // The server flushes its counters every 2 s; read the page again until they are in.
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("group", { name: "Traffic over the window" })).toContainText(/Requests\s*3\s*3 rows scored/, { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expectAccessible(page, "deployment monitoring tab");
    await screenshot(page, "light-deployment-monitoring");
  });

  await test.step("the deployment page in light and dark mode", async () => {
    await page.goto(deploymentUrl);
    await expect(page.getByRole("form", { name: "Try it" })).toBeVisible();
    await expect(revisions.getByRole("listitem")).toHaveCount(3);
    await expectAccessible(page, "deployment with revisions");
    await screenshot(page, "light-deployment-revisions");
    await page.getByRole("tab", { name: "Batch" }).click();
    await expect(page.getByRole("form", { name: "Batch prediction" })).toBeVisible();
    await expect(page).toHaveURL(/tab=batch/);
    await expectAccessible(page, "deployment batch tab");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(deploymentUrl);
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(revisions.getByRole("listitem")).toHaveCount(3);
    await expectAccessible(page, "deployment (dark)");
    await screenshot(page, "dark-deployment-revisions");
    await page.emulateMedia({ colorScheme: "light" });
  });

  await test.step("375 px wide", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(deploymentUrl);
    await expect(revisions.getByRole("listitem")).toHaveCount(3);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the deployment page scrolls sideways at 375 px").toBeLessThanOrEqual(0);
    await expectAccessible(page, "deployment (375 px)");
    await screenshot(page, "mobile-deployment-revisions");
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step("revoke the key from the deployment page; it is refused within the key cache's 5 s", async () => {
    await page.goto(deploymentUrl);
    const keys = page.getByRole("list", { name: "API keys for this deployment" });
    await expect(keys).toContainText(/used (just now|.+ ago) · expires /);
    await keys.getByRole("button", { name: "Revoke Checkout service" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Revoke “Checkout service”?" });
    await expect(confirm).toContainText("Katherine Johnson made this key.");
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(page.getByText("API key “Checkout service” revoked")).toBeVisible();
    await expect(page.getByText("No key is bound to this deployment yet.", { exact: false })).toBeVisible();
    const predict = () => page.request.post(`/api/v1/deployments/${deploymentId}/predict`, { data: { record: passenger }, headers: { Authorization: `Bearer ${secret}` } });
    await expect.poll(async () => (await predict()).status(), { timeout: 15_000, intervals: [1_000] }).toBe(401);
  });

  await test.step("share the model with a second workspace, which lists it under Shared with this workspace", async () => {
    const partner = await api<{ id: string }>(page.request, "POST", "/api/v1/workspaces", setup.csrf, { name: "Partner team" });
    await page.goto(`/w/${workspaceId}/models/${setup.modelId}`);
    const form = page.getByRole("form", { name: "Share model" });
    await form.getByRole("combobox", { name: "Share with workspace" }).click();
    await page.getByRole("option", { name: "Partner team" }).click();
    await form.getByRole("button", { name: "Share" }).click();
    await expect(page.getByText("Model shared")).toBeVisible();

    await page.goto(`/w/${partner.id}/models`);
    const shared = page.getByRole("table", { name: "Shared models" });
    const row = shared.getByRole("row", { name: /Titanic survival/ });
    await expect(row).toContainText("Harbour lab");
    await expect(row).toContainText("v2");
    await expectAccessible(page, "models with shared");
    await screenshot(page, "light-models-shared");
    await row.getByRole("link", { name: "Titanic survival" }).click();
    await expect(page.getByRole("heading", { name: "Titanic survival", level: 1 })).toBeVisible();
    await expect(page.getByRole("main").getByText("Harbour lab", { exact: true })).toBeVisible();
    await expect(page.getByRole("table", { name: "Versions" }).getByRole("link")).toHaveCount(2);
    await expect(page.getByRole("table", { name: "Metrics" }).getByRole("row", { name: /ROC AUC/ })).toContainText(/0\.\d/);
    await expect(page.getByRole("link", { name: "Deploy it from Harbour lab" })).toHaveAttribute("href", `/w/${workspaceId}/models/${setup.modelId}`);
    await expectAccessible(page, "shared model");
    await screenshot(page, "light-shared-model");
  });

  expect(consoleErrors).toEqual([]);
});
