import { expect, request, test } from "@playwright/test";
import { expectAccessible, screenshot, uniqueEmail } from "./support";

const password = "correct-horse-battery-staple";

/** A signed-in owner with an empty workspace, set up through the API and the login form. */
async function signedInOwner(page: import("@playwright/test").Page, baseURL: string): Promise<string> {
  const api = await request.newContext({ baseURL });
  const email = uniqueEmail("tess");
  expect((await api.post("/api/v1/auth/register", { data: { email, password, name: "Tess Trainer" } })).status()).toBe(201);
  const login = await api.post("/api/v1/auth/login", { data: { email, password } });
  const { csrf_token: csrf } = (await login.json()) as { csrf_token: string };
  const workspace = await api.post("/api/v1/workspaces", { data: { name: "Survival lab" }, headers: { "X-CSRF-Token": csrf } });
  const { id } = (await workspace.json()) as { id: string };
  await api.dispose();

  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Survival lab · you are owner")).toBeVisible();
  return id;
}

test("upload a file with progress, then train on a sample dataset and watch the job live", async ({ page, baseURL }) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  const workspaceId = await signedInOwner(page, baseURL ?? "");
  const nav = page.getByRole("navigation", { name: "Main" });
  let datasetUrl = "";
  const noHorizontalScroll = async (label: string) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `no horizontal page scrolling at 375 px on ${label}`).toBeLessThanOrEqual(0);
  };

  await test.step("the training page points to the data first", async () => {
    await nav.getByRole("link", { name: "Training" }).click();
    await expect(page.getByRole("heading", { name: "No training jobs yet" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Import a sample dataset" })).toBeVisible();
    await expectAccessible(page, "training jobs (empty)");
  });

  await test.step("upload a CSV from the file picker", async () => {
    await nav.getByRole("link", { name: "Datasets" }).click();
    await expect(page.getByRole("heading", { name: "No datasets yet" })).toBeVisible();
    const rows = ["id,temperature,humidity,rain"];
    for (let i = 0; i < 400; i += 1) rows.push(`${i},${(i * 7) % 35},${(i * 13) % 100},${i % 3 === 0 ? "yes" : "no"}`);
    await page.getByTestId("dataset-file-input").setInputFiles({ name: "weather.csv", mimeType: "text/csv", buffer: Buffer.from(rows.join("\n")) });
    const upload = page.getByRole("listitem", { name: "Upload of weather.csv" });
    await expect(upload.getByRole("link", { name: "Open dataset" })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("table")).toContainText("weather");
    await expect(page.getByRole("table").getByText("Profiled")).toBeVisible({ timeout: 45_000 });
  });

  await test.step("a bad file shows the problem and its hint", async () => {
    await page.getByTestId("dataset-file-input").setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("") });
    const failed = page.getByRole("listitem", { name: "Upload of empty.csv" });
    await expect(failed.getByRole("alert")).toBeVisible({ timeout: 30_000 });
    await page.getByRole("button", { name: "Dismiss empty.csv" }).click();
  });

  await test.step("import a sample and open its profile", async () => {
    await page.getByRole("button", { name: "Import a sample" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a sample dataset" });
    await dialog.getByRole("button", { name: "Import Titanic passengers" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: "Titanic" });
    await expect(row.getByText("Profiled")).toBeVisible({ timeout: 45_000 });
    await row.getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Titanic");
    await expect(page.getByRole("list", { name: "Suggested targets" })).toContainText("survived");
    await expect(page.getByRole("img", { name: /survived/ })).toBeVisible();
    await page.getByRole("button", { name: "age", exact: true }).click();
    await expect(page.getByRole("img", { name: /Histogram of age/ })).toBeVisible();
    await expect(page.getByRole("table", { name: "Row preview" })).toBeVisible();
    datasetUrl = page.url();
    await expectAccessible(page, "dataset page");
    await screenshot(page, "light-dataset");
  });

  await test.step("the wizard suggests the target and sensible defaults", async () => {
    await page.getByRole("link", { name: "Train a model", exact: true }).click();
    await expect(page.getByRole("heading", { name: "What should the model predict?" })).toBeVisible();
    const first = page.getByRole("radio").first();
    await expect(first).toHaveAccessibleName(/survived/);
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByText("Choose the column to predict.")).toBeVisible();
    await first.check();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("radio", { name: /1 min/ })).toBeChecked();
    await expect(page.getByLabel("Task")).toHaveValue("auto");
    await expect(page.getByLabel("Metric")).toHaveValue("auto");
    await expectAccessible(page, "training wizard options");
    await page.getByLabel("Time budget (seconds)").fill("8");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("definition").filter({ hasText: "8 s" })).toBeVisible();
    await screenshot(page, "light-training-wizard");
    await page.getByRole("button", { name: "Start training" }).click();
  });

  await test.step("the job page shows live progress, then the model", async () => {
    await expect(page).toHaveURL(new RegExp(`/w/${workspaceId}/jobs/`));
    await expect(page.getByRole("heading", { name: "Predicting survived" })).toBeVisible();
    await expect(page.getByTestId("stream-status")).toHaveText(/Live|Finished/);
    await expect(page.getByRole("img", { name: /trials/ })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText("The best model is ready")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole("log", { name: "Training log" })).toContainText("Training on");
    await expectAccessible(page, "job page");
    await screenshot(page, "light-training-job");
    await expect(page.getByRole("link", { name: /Open the model version|Open models/ })).toBeVisible();
  });

  await test.step("a dataset a model was trained on cannot be deleted; another one can", async () => {
    await page.goto(datasetUrl);
    await page.getByRole("button", { name: "Delete dataset" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByRole("button", { name: "Delete dataset" }).click();
    await expect(confirm.getByRole("alert")).toContainText("were trained on this dataset");
    await expect(confirm.getByRole("alert")).toContainText("Delete or archive the models");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await nav.getByRole("link", { name: "Datasets" }).click();
    await page.getByRole("link", { name: "weather" }).click();
    await page.getByRole("button", { name: "Delete dataset" }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete dataset" }).click();
    await expect(page.getByText("Dataset “weather” deleted")).toBeVisible();
    await expect(page.getByRole("table")).not.toContainText("weather");
  });

  await test.step("the jobs list shows the finished job; 375 px and dark mode", async () => {
    await nav.getByRole("link", { name: "Training" }).click();
    await expect(page.getByRole("table", { name: "Training jobs" })).toContainText("survived");
    await expect(page.getByRole("table", { name: "Training jobs" })).toContainText("Succeeded");
    await page.getByRole("table", { name: "Training jobs" }).getByRole("link", { name: "survived" }).click();
    await expect(page.getByText("The best model is ready")).toBeVisible();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await noHorizontalScroll("the job page");
    await expectAccessible(page, "job page (dark, mobile)");
    await screenshot(page, "mobile-dark-training-job");
    await page.goto(datasetUrl);
    await expect(page.getByRole("list", { name: "Suggested targets" })).toBeVisible();
    await noHorizontalScroll("the dataset page");
    await expectAccessible(page, "dataset page (dark, mobile)");
    await screenshot(page, "mobile-dark-dataset");
    await page.getByRole("link", { name: "Train a model", exact: true }).click();
    await expect(page.getByRole("heading", { name: "What should the model predict?" })).toBeVisible();
    await noHorizontalScroll("the training wizard");
    await screenshot(page, "mobile-dark-training-wizard");
  });

  // The refused empty upload (422) and the refused delete (409) are expected answers.
  expect(consoleErrors.filter((text) => !/\b(401|409|422)\b/.test(text))).toEqual([]);
});
