import { expect, type APIRequestContext, type Page, test } from "@playwright/test";
import { expectAccessible, screenshot, uniqueEmail } from "./support";

/**
 * The models half of the journey: a model trained through the API (titanic, a few seconds),
 * then the models list → model page with its leaderboard → version page (metrics, confusion
 * matrix, ROC, importance, lineage, stage change) → comparison → deploy → a prediction from
 * the form generated from the input signature → an ONNX export downloaded through a signed
 * link; checked with axe and screenshotted in light, dark and 375 px.
 */
const password = "correct-horse-battery-staple";

test.describe.configure({ mode: "serial" });

interface Trained {
  workspaceId: string;
  modelId: string;
  versionIds: string[];
}

async function api<T>(request: APIRequestContext, method: "GET" | "POST", url: string, csrf: string, data?: unknown): Promise<T> {
  const response = await request.fetch(url, { method, data, headers: method === "POST" ? { "X-CSRF-Token": csrf } : {} });
  expect(response.ok(), `${method} ${url}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** Signs up through the API (the page shares its cookies), imports a sample and trains it `seeds.length` times. */
async function trainSample(page: Page, sample: string, target: string, modelName: string, seeds: number[]): Promise<Trained> {
  const request = page.request;
  const email = uniqueEmail("models");
  await api(request, "POST", "/api/v1/auth/register", "", { email, password, name: "Mary Somerville" });
  const login = await api<{ csrf_token: string }>(request, "POST", "/api/v1/auth/login", "", { email, password });
  const csrf = login.csrf_token;
  const workspace = await api<{ id: string }>(request, "POST", "/api/v1/workspaces", csrf, { name: "Survival lab" });
  const dataset = await api<{ latest_version: { id: string } }>(request, "POST", `/api/v1/workspaces/${workspace.id}/sample-datasets/${sample}/import`, csrf);
  const jobs: { id: string }[] = [];
  for (const seed of seeds) {
    jobs.push(
      await api(request, "POST", `/api/v1/workspaces/${workspace.id}/training-jobs`, csrf, {
        dataset_version_id: dataset.latest_version.id,
        target,
        time_budget_s: 4,
        seed,
        model_name: modelName,
      }),
    );
  }
  const finished: { model_version_id: string }[] = [];
  for (const job of jobs) {
    let state: { status: string; model_version_id: string } = { status: "queued", model_version_id: "" };
    await expect
      .poll(
        async () => {
          state = await api(request, "GET", `/api/v1/workspaces/${workspace.id}/training-jobs/${job.id}`, csrf);
          return state.status;
        },
        { timeout: 120_000, intervals: [1000] },
      )
      .toMatch(/succeeded|failed|cancelled/);
    expect(state.status, JSON.stringify(state)).toBe("succeeded");
    finished.push(state);
  }
  const versionIds = finished.map((job) => job.model_version_id);
  const version = await api<{ model_id: string }>(request, "GET", `/api/v1/workspaces/${workspace.id}/model-versions/${versionIds[0] ?? ""}`, csrf);
  return { workspaceId: workspace.id, modelId: version.model_id, versionIds };
}

test("models list → leaderboard → version page → stage → compare → deploy → predict → ONNX download", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  const trained = await test.step("train a model twice through the API", () => trainSample(page, "titanic", "survived", "Titanic survival", [0, 1]));

  await test.step("the models list shows the model with its latest version, score and stage", async () => {
    await page.goto(`/w/${trained.workspaceId}/models`);
    await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
    const row = page.getByRole("row", { name: /Titanic survival/ });
    await expect(row).toContainText("v2");
    await expect(row).toContainText("ROC AUC");
    await expect(row).toContainText("No stage");
    await expectAccessible(page, "models list");
    await screenshot(page, "light-models");
  });

  await test.step("the model page lists versions and the leaderboard with the best candidate highlighted", async () => {
    await page.getByRole("link", { name: "Titanic survival" }).click();
    await expect(page.getByRole("heading", { name: "Titanic survival", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Version 1", exact: true })).toBeVisible();
    const leaderboard = page.getByRole("table", { name: "Leaderboard" });
    await expect(leaderboard).toBeVisible();
    await expect(leaderboard.locator("tr[data-best]")).toHaveCount(1);
    await expect(leaderboard.locator("tr[data-best]")).toContainText("Best");
    await expectAccessible(page, "model page");
    await screenshot(page, "light-model");
  });

  await test.step("the version page shows metrics, diagnostics, importance and lineage", async () => {
    await page.getByRole("link", { name: "Version 2", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Titanic survival · version 2" })).toBeVisible();
    const metrics = page.getByRole("table", { name: "Metrics" });
    await expect(metrics.getByRole("row", { name: /ROC AUC/ })).toContainText(/0\.\d/);
    await expect(page.getByRole("figure", { name: /Confusion matrix/ })).toBeVisible();
    await expect(page.getByRole("img", { name: /ROC curve\. yes: AUC 0\.\d/ })).toBeVisible();
    await expect(page.locator(".recharts-line-curve").first()).toBeVisible();
    await expect(page.getByRole("img", { name: /Feature importance: sex/ })).toBeVisible();
    const lineage = page.getByRole("list", { name: "Lineage" });
    await expect(lineage).toContainText("Titanic passengers");
    await expect(lineage).toContainText("Titanic survival · v2");
    await expect(page.getByRole("table", { name: "Input columns" })).toContainText("passengerClass");
    await expectAccessible(page, "model version");
    await screenshot(page, "light-model-version");
  });

  await test.step("move the version to staging; the change is in the history", async () => {
    const form = page.getByRole("form", { name: "Change stage" });
    await form.getByRole("combobox", { name: "Stage" }).click();
    await page.getByRole("option", { name: "Staging" }).click();
    await form.getByLabel("Comment (optional)").fill("Ready for the pilot");
    await form.getByRole("button", { name: "Change stage" }).click();
    await expect(page.getByText("Version 2 moved to staging")).toBeVisible();
    const history = page.getByRole("list", { name: "Stage history" });
    await expect(history).toContainText("Ready for the pilot");
    await expect(history).toContainText("Staging");
  });

  await test.step("compare version 2 with version 1", async () => {
    await page.getByRole("link", { name: /Compare with v/ }).click();
    await expect(page.getByRole("heading", { name: "Compare versions" })).toBeVisible();
    const table = page.getByRole("table", { name: "Metrics by version" });
    await expect(table.getByRole("columnheader", { name: "v1" })).toBeVisible();
    await expect(table.getByRole("columnheader", { name: "v2" })).toBeVisible();
    await expect(table.getByRole("row", { name: /ROC AUC \(holdout\)/ })).toBeVisible();
    await expectAccessible(page, "compare versions");
    await screenshot(page, "light-model-compare");
  });

  await test.step("deploy the version and predict from the generated form", async () => {
    await page.goto(`/w/${trained.workspaceId}/models/${trained.modelId}/versions/${trained.versionIds[1]}`);
    await page.getByRole("button", { name: "Deploy" }).click();
    const dialog = page.getByRole("dialog", { name: "Deploy this version" });
    await dialog.getByLabel("Deployment name").fill("Titanic pilot");
    await dialog.getByRole("button", { name: "Deploy" }).click();
    await expect(page.getByRole("heading", { name: "Titanic pilot", level: 1 })).toBeVisible();
    const form = page.getByRole("form", { name: "Try it" });
    await form.getByRole("combobox", { name: /sex/ }).click();
    await page.getByRole("option", { name: "male", exact: true }).click();
    await form.getByRole("textbox", { name: /age/ }).fill("abc");
    await form.getByRole("button", { name: "Predict" }).click();
    await expect(form.getByText(/Enter a number/)).toBeVisible();
    await form.getByRole("textbox", { name: /age/ }).fill("30");
    await form.getByRole("combobox", { name: /passengerClass/ }).click();
    await page.getByRole("option", { name: "3rd" }).click();
    await form.getByRole("button", { name: "Predict" }).click();
    const prediction = page.getByRole("region", { name: "Prediction" });
    await expect(prediction.getByTestId("prediction-value")).toHaveText(/^(yes|no)$/);
    await expect(prediction.getByRole("list", { name: "Probabilities" }).getByRole("listitem")).toHaveCount(2);
    await expectAccessible(page, "deployment");
    await screenshot(page, "light-deployment");
  });

  await test.step("score a CSV file as a batch and download the predictions", async () => {
    await page.getByRole("tab", { name: "Batch" }).click();
    const batch = page.getByRole("form", { name: "Batch prediction" });
    await batch.getByLabel(/File to score/).setInputFiles({
      name: "passengers.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("sex,age,passengerClass\nfemale,29,1st\nmale,40,3rd\nmale,,2nd\n"),
    });
    await batch.getByRole("button", { name: "Upload and score" }).click();
    const row = page.getByRole("list", { name: "Batch predictions" }).getByRole("listitem").filter({ hasText: "passengers.csv" });
    await expect(row.getByText("Done")).toBeVisible({ timeout: 120_000 });
    await expect(row).toContainText("3 of 3 rows");
    const downloadPromise = page.waitForEvent("download");
    await row.getByRole("link", { name: "Download" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });

  await test.step("export to ONNX and download it through a signed link", async () => {
    await page.goto(`/w/${trained.workspaceId}/models/${trained.modelId}/versions/${trained.versionIds[1]}`);
    await expect(page.getByRole("list", { name: "Lineage" })).toContainText("Titanic pilot");
    const formats = page.getByRole("list", { name: "Export formats" });
    await formats.getByRole("button", { name: "Export to ONNX" }).click();
    const onnx = page.getByRole("list", { name: "Exports" }).locator('[data-format="onnx"]').first();
    await expect(onnx.getByText("Done")).toBeVisible({ timeout: 120_000 });
    const downloadPromise = page.waitForEvent("download");
    await onnx.getByRole("button", { name: /Download the ONNX export/ }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const path = await download.path();
    expect(path).toBeTruthy();
    await expectAccessible(page, "model version with exports");
  });

  await test.step("dark mode", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`/w/${trained.workspaceId}/models/${trained.modelId}/versions/${trained.versionIds[1]}`);
    await expect(page.locator("html")).toHaveClass(/dark/);
    await expect(page.getByRole("figure", { name: /Confusion matrix/ })).toBeVisible();
    await expectAccessible(page, "model version (dark)");
    await screenshot(page, "dark-model-version");
    await page.goto(`/w/${trained.workspaceId}/models/${trained.modelId}`);
    await expect(page.getByRole("table", { name: "Leaderboard" })).toBeVisible();
    await expectAccessible(page, "model page (dark)");
    await screenshot(page, "dark-model");
    await page.goto(`/w/${trained.workspaceId}/deployments`);
    await page.getByRole("link", { name: "Titanic pilot" }).click();
    await expect(page.getByRole("form", { name: "Try it" })).toBeVisible();
    await expectAccessible(page, "deployment (dark)");
    await screenshot(page, "dark-deployment");
    await page.emulateMedia({ colorScheme: "light" });
  });

  await test.step("375 px wide", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`/w/${trained.workspaceId}/models`);
    await expect(page.getByRole("link", { name: "Titanic survival" })).toBeVisible();
    await screenshot(page, "mobile-models");
    // The model page's versions table fits: each version's leaderboard link is on screen, not in a sideways scroll.
    await page.goto(`/w/${trained.workspaceId}/models/${trained.modelId}`);
    const versions = page.getByRole("table").first();
    await expect(versions.getByRole("link", { name: "Version 1", exact: true })).toBeVisible();
    const tableOverflow = await versions.evaluate((table) => {
      const container = table.parentElement as HTMLElement;
      return container.scrollWidth - container.clientWidth;
    });
    expect(tableOverflow, "the versions table scrolls sideways at 375 px").toBeLessThanOrEqual(0);
    const leaderboardLink = versions.getByRole("link", { name: "Show the leaderboard of version 1" });
    await expect(leaderboardLink).toBeInViewport({ ratio: 1 });
    await leaderboardLink.click();
    await expect(page.getByText("Leaderboard · version 1")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), "the model page scrolls sideways at 375 px").toBeLessThanOrEqual(0);
    await expectAccessible(page, "model page (375 px)");
    await screenshot(page, "mobile-model");
    await page.goto(`/w/${trained.workspaceId}/models/${trained.modelId}/versions/${trained.versionIds[1]}`);
    await expect(page.getByRole("figure", { name: /Confusion matrix/ })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the page scrolls sideways at 375 px").toBeLessThanOrEqual(0);
    await expectAccessible(page, "model version (375 px)");
    await screenshot(page, "mobile-model-version");
    await page.getByRole("button", { name: "Open navigation" }).click();
    await page.getByRole("link", { name: "Deployments" }).click();
    await page.getByRole("link", { name: "Titanic pilot" }).click();
    await expect(page.getByRole("form", { name: "Try it" })).toBeVisible();
    const deploymentOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(deploymentOverflow, "the deployment page scrolls sideways at 375 px").toBeLessThanOrEqual(0);
    await screenshot(page, "mobile-deployment");
  });

  expect(consoleErrors).toEqual([]);
});

test("a regression model's version page shows predicted against actual values and the residuals", async ({ page }) => {
  const trained = await test.step("train diamonds prices through the API", () => trainSample(page, "diamonds", "price", "Diamond prices", [0]));
  await page.goto(`/w/${trained.workspaceId}/models/${trained.modelId}/versions/${trained.versionIds[0]}`);
  await expect(page.getByRole("heading", { name: "Diamond prices · version 1" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Residuals" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Scatter of 500 held-out rows/ })).toBeVisible();
  await expect(page.locator(".recharts-scatter-symbol").first()).toBeVisible();
  await expect(page.getByRole("img", { name: /Histogram of residuals over 1000 held-out rows/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Metrics" }).getByRole("row", { name: /RMSE/ })).toBeVisible();
  await expectAccessible(page, "regression model version");
  await screenshot(page, "light-regression-version");
});
