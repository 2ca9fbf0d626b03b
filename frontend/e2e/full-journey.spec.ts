import { expect, type Page, test } from "@playwright/test";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { expectAccessible, screenshot, uniqueEmail } from "./support";

/**
 * The whole product in one browser session, by clicking and typing only, as a new user would:
 * sign up → workspace → sample dataset (titanic) → training wizard (suggested target, 20 s) → live
 * job page → leaderboard → best version → deploy → a prediction from the "Try it" form → an ONNX
 * export downloaded through its signed link. The details of each page are checked by
 * journey/training/models.spec.ts; this spec proves the pages connect, and measures the web
 * budgets: the journey's duration and the dashboard's load (see benchmarks/web_budgets.py).
 *
 * Prints `BUDGET key=value` lines and, when MODELYARD_BUDGETS_OUT names a file, writes them there
 * as JSON. Budgets are reported, never asserted: a slow machine is not a broken product.
 */
const password = "correct-horse-battery-staple";
const modelName = "Titanic passengers: survived";
const jobTimeout = 120_000;

interface ZipEntry {
  name: string;
  size: number;
}

/** The files of a zip archive, from its central directory; each one is inflated to check its size. */
function readZip(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record closes the file, followed by a comment of at most 64 KB.
  let end = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset -= 1) {
    if (zip.readUInt32LE(offset) === 0x06054b50) {
      end = offset;
      break;
    }
  }
  if (end < 0) throw new Error(`not a zip archive (${zip.length} bytes, no end of central directory)`);
  const count = zip.readUInt16LE(end + 10);
  let entry = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(entry) !== 0x02014b50) throw new Error(`broken central directory at byte ${entry}`);
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const size = zip.readUInt32LE(entry + 24);
    const nameLength = zip.readUInt16LE(entry + 28);
    const extraLength = zip.readUInt16LE(entry + 30);
    const commentLength = zip.readUInt16LE(entry + 32);
    const localHeader = zip.readUInt32LE(entry + 42);
    const name = zip.toString("utf8", entry + 46, entry + 46 + nameLength);
    // The local header repeats the name with its own extra field; the data follows it.
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    const content = method === 8 ? inflateRawSync(data) : data;
    if (content.length !== size) throw new Error(`${name}: ${content.length} bytes after inflating, the directory says ${size}`);
    entries.push({ name, size });
    entry += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

interface DashboardTiming {
  dcl_ms: number;
  load_ms: number;
  ready_ms: number;
}

/** Records, in every document of the context, when the dashboard's "Welcome, …" heading first appears. */
function watchDashboardHeading(): void {
  const record = window as Window & { __modelyardDashboardReadyMs?: number };
  const observer = new MutationObserver(() => {
    if (document.querySelector("h1")?.textContent.startsWith("Welcome,") && location.pathname.startsWith("/w/")) {
      record.__modelyardDashboardReadyMs = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/** Navigation timing of the page's current document, and when the dashboard heading was rendered. */
async function dashboardTiming(page: Page): Promise<DashboardTiming> {
  await page.waitForFunction(() => (window as Window & { __modelyardDashboardReadyMs?: number }).__modelyardDashboardReadyMs !== undefined);
  await page.waitForFunction(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd);
  return page.evaluate(() => {
    const entry = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      dcl_ms: Math.round(entry.domContentLoadedEventEnd),
      load_ms: Math.round(entry.loadEventEnd),
      ready_ms: Math.round((window as Window & { __modelyardDashboardReadyMs?: number }).__modelyardDashboardReadyMs ?? Number.NaN),
    };
  });
}

test("a new user goes from nothing to a deployed model, a prediction and a downloaded ONNX export in the browser", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  const nav = page.getByRole("navigation", { name: "Main" });

  // Time spent in axe checks and screenshots is the test's, not the user's: it is kept apart.
  let checksMs = 0;
  const timed = async (work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    checksMs += performance.now() - started;
  };
  const axe = (label: string) => timed(() => expectAccessible(page, label));
  // Full-page screenshots from the top, or the sticky header lands mid-page.
  const capture = async (name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  };
  const shot = (name: string) => timed(() => capture(name));
  // Each phase of the journey, in seconds, also without the checks.
  const phases: Record<string, number> = {};
  let phaseStart = 0;
  let phaseChecksMs = 0;
  const endPhase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round((now - phaseStart - (checksMs - phaseChecksMs)) / 100) / 10;
    phaseStart = now;
    phaseChecksMs = checksMs;
  };
  const urls = { leaderboard: "", version: "", deployment: "" };

  const journeyStart = performance.now();
  phaseStart = journeyStart;

  await test.step("sign up and create a workspace", async () => {
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Name").fill("Nora Newcomer");
    await page.getByLabel("Work email").fill(uniqueEmail("nora"));
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Nora Newcomer" })).toBeVisible();
    await page.getByLabel("Workspace name").fill("Survival lab");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Nora" })).toBeVisible();
    await expect(page.getByText("Survival lab · you are owner")).toBeVisible();
    endPhase("signup");
  });

  await test.step("import the titanic sample from the empty datasets page and wait for its profile", async () => {
    await nav.getByRole("link", { name: "Datasets", exact: true }).click();
    await expect(page.getByRole("heading", { name: "No datasets yet" })).toBeVisible();
    await page.getByRole("button", { name: "Import a sample dataset" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a sample dataset" });
    await dialog.getByRole("button", { name: "Import Titanic passengers" }).click();
    await expect(dialog).toBeHidden();
    const row = page.getByRole("row").filter({ hasText: "Titanic passengers" });
    await expect(row.getByText("Profiled")).toBeVisible({ timeout: 60_000 });
    await row.getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Titanic passengers");
    await expect(page.getByRole("list", { name: "Suggested targets" })).toContainText("survived");
    await shot("light-journey-dataset");
    endPhase("dataset");
  });

  await test.step("train from the dataset page: the suggested target, a 20 s budget", async () => {
    await page.getByRole("link", { name: "Train a model", exact: true }).click();
    await expect(page.getByRole("heading", { name: "What should the model predict?" })).toBeVisible();
    const suggested = page.getByRole("radio", { name: /Suggested/ }).first();
    await expect(suggested).toHaveAccessibleName(/survived/);
    await suggested.check();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("heading", { name: "How should Modelyard search?" })).toBeVisible();
    await page.getByLabel("Time budget (seconds)").fill("20");
    await axe("training wizard");
    await page.getByRole("button", { name: "Next" }).click();
    const summary = page.getByRole("definition");
    await expect(summary.filter({ hasText: "20 s" })).toBeVisible();
    await expect(summary.filter({ hasText: modelName })).toBeVisible();
    await shot("light-journey-wizard");
    await page.getByRole("button", { name: "Start training" }).click();
    endPhase("wizard");
  });

  await test.step("the job page shows live progress until the model is ready", async () => {
    await expect(page).toHaveURL(/\/jobs\/[^/]+$/);
    await expect(page.getByRole("heading", { name: "Predicting survived" })).toBeVisible();
    await expect(page.getByTestId("stream-status")).toHaveText(/Live|Finished/);
    // While the search runs, the bar moves with the events' elapsed time (5 % to 90 %).
    const bar = page.getByRole("progressbar", { name: "Training progress" });
    await expect(page.getByText("Running", { exact: true }).first()).toBeVisible({ timeout: 90_000 });
    await expect.poll(async () => Number(await bar.getAttribute("aria-valuenow")), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect(page.getByText("The best model is ready")).toBeVisible({ timeout: jobTimeout });
    await expect(bar).toHaveAttribute("aria-valuenow", "100");
    await expect(page.getByRole("img", { name: /trials/ })).toBeVisible();
    endPhase("training");
    await axe("job page");
    await shot("light-journey-job");
  });

  await test.step("open the model's leaderboard, then its best version", async () => {
    await nav.getByRole("link", { name: "Models", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Models", level: 1 })).toBeVisible();
    await page.getByRole("link", { name: modelName, exact: true }).first().click();
    await expect(page.getByRole("heading", { name: modelName, level: 1 })).toBeVisible();
    const leaderboard = page.getByRole("table", { name: "Leaderboard" });
    await expect(leaderboard.locator("tr[data-best]")).toHaveCount(1);
    await expect(leaderboard.locator("tr[data-best]")).toContainText("Best");
    urls.leaderboard = page.url();
    await axe("leaderboard");
    await shot("light-journey-leaderboard");
    // One training run, one version: the one registered from the best candidates.
    await page.getByRole("link", { name: "Version 1", exact: true }).click();
    await expect(page.getByRole("heading", { name: `${modelName} · version 1` })).toBeVisible();
    await expect(page.getByRole("table", { name: "Metrics" }).getByRole("row", { name: /ROC AUC/ })).toContainText(/0\.\d/);
    urls.version = page.url();
    await shot("light-journey-version");
  });

  await test.step("deploy the version and get a prediction from the Try it form", async () => {
    await page.getByRole("button", { name: "Deploy", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Deploy this version" });
    await expect(dialog.getByLabel("Deployment name")).toHaveValue(`${modelName} v1`);
    await dialog.getByRole("button", { name: "Deploy" }).click();
    await expect(page.getByRole("heading", { name: `${modelName} v1`, level: 1 })).toBeVisible();
    urls.deployment = page.url();
    const form = page.getByRole("form", { name: "Try it" });
    await form.getByRole("combobox", { name: /sex/ }).click();
    await page.getByRole("option", { name: "female", exact: true }).click();
    await form.getByRole("textbox", { name: /age/ }).fill("29");
    await form.getByRole("combobox", { name: /passengerClass/ }).click();
    await page.getByRole("option", { name: "1st" }).click();
    await form.getByRole("button", { name: "Predict" }).click();
    const prediction = page.getByRole("region", { name: "Prediction" });
    await expect(prediction.getByTestId("prediction-value")).toHaveText(/^(yes|no)$/);
    await expect(prediction.getByRole("list", { name: "Probabilities" }).getByRole("listitem")).toHaveCount(2);
    endPhase("deploy_predict");
    await axe("deployment");
    await shot("light-journey-deployment");
  });

  const download = await test.step("export the version to ONNX and download it through its signed link", async () => {
    await page.getByRole("link", { name: "version 1", exact: true }).first().click();
    await expect(page.getByRole("heading", { name: `${modelName} · version 1` })).toBeVisible();
    await page.getByRole("list", { name: "Export formats" }).getByRole("button", { name: "Export to ONNX" }).click();
    const onnx = page.getByRole("list", { name: "Exports" }).locator('[data-format="onnx"]').first();
    await expect(onnx.getByText("Done")).toBeVisible({ timeout: jobTimeout });
    const downloadEvent = page.waitForEvent("download");
    await onnx.getByRole("button", { name: "Download the ONNX export" }).click();
    const file = await downloadEvent;
    const filePath = await file.path();
    endPhase("export_download");
    return { name: file.suggestedFilename(), path: filePath };
  });
  const journeyWallMs = performance.now() - journeyStart;
  const journeyChecksMs = checksMs;
  const journeyMs = journeyWallMs - journeyChecksMs;

  await test.step("the download is a zip holding model.onnx", async () => {
    expect(download.name).toMatch(/\.zip$/);
    const zip = await readFile(download.path);
    expect(zip.length).toBeGreaterThan(0);
    const entries = readZip(zip);
    const model = entries.find((entry) => entry.name === "model.onnx" || entry.name.endsWith("/model.onnx"));
    expect(model, `model.onnx among ${entries.map((entry) => entry.name).join(", ")}`).toBeDefined();
    expect(model?.size).toBeGreaterThan(0);
    await shot("light-journey-exports");
  });

  await test.step("dark mode: leaderboard, version and deployment", async () => {
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await page.goto(urls.leaderboard);
    await expect(page.getByRole("table", { name: "Leaderboard" }).locator("tr[data-best]")).toHaveCount(1);
    await capture("dark-journey-leaderboard");
    await page.goto(urls.version);
    await expect(page.getByRole("list", { name: "Lineage" })).toContainText(`${modelName} v1`);
    await capture("dark-journey-version");
    await page.goto(urls.deployment);
    await expect(page.getByRole("form", { name: "Try it" })).toBeVisible();
    await capture("dark-journey-deployment");
  });

  await test.step("375 px wide: leaderboard, version and deployment", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole("button", { name: "Switch to light mode" }).click();
    await expect(page.locator("html")).not.toHaveClass(/dark/);
    const pages: [string, string, () => Promise<void>][] = [
      ["leaderboard", urls.leaderboard, () => expect(page.getByRole("table", { name: "Leaderboard" })).toBeVisible()],
      ["version", urls.version, () => expect(page.getByRole("heading", { name: `${modelName} · version 1` })).toBeVisible()],
      ["deployment", urls.deployment, () => expect(page.getByRole("form", { name: "Try it" })).toBeVisible()],
    ];
    for (const [name, url, loaded] of pages) {
      await page.goto(url);
      await loaded();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `no sideways scrolling at 375 px on the ${name} page`).toBeLessThanOrEqual(0);
      await capture(`mobile-journey-${name}`);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  const dashboard = await test.step("the dashboard's load after a reload, and on a first visit with an empty cache", async () => {
    await nav.getByRole("link", { name: "Dashboard", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Welcome, Nora" })).toBeVisible();
    await page.addInitScript(watchDashboardHeading);
    await page.reload();
    await expect(page.getByRole("heading", { name: "Welcome, Nora" })).toBeVisible();
    const reloaded = await dashboardTiming(page);

    // A second browser context: the same session cookie, nothing cached.
    const cold = await browser.newContext({ storageState: await page.context().storageState(), colorScheme: "light" });
    try {
      const coldPage = await cold.newPage();
      await coldPage.addInitScript(watchDashboardHeading);
      await coldPage.goto(page.url());
      await expect(coldPage.getByRole("heading", { name: "Welcome, Nora" })).toBeVisible();
      return { reloaded, cold: await dashboardTiming(coldPage) };
    } finally {
      await cold.close();
    }
  });

  const budgets = {
    journey_s: Math.round(journeyMs / 100) / 10,
    journey_wall_s: Math.round(journeyWallMs / 100) / 10,
    journey_checks_s: Math.round(journeyChecksMs / 100) / 10,
    dashboard_dcl_ms: dashboard.reloaded.dcl_ms,
    dashboard_load_ms: dashboard.reloaded.load_ms,
    dashboard_ready_ms: dashboard.reloaded.ready_ms,
    dashboard_cold_dcl_ms: dashboard.cold.dcl_ms,
    dashboard_cold_load_ms: dashboard.cold.load_ms,
    dashboard_cold_ready_ms: dashboard.cold.ready_ms,
  };
  for (const [key, value] of Object.entries(budgets)) console.log(`BUDGET ${key}=${value}`);
  for (const [key, value] of Object.entries(phases)) console.log(`BUDGET phase_${key}_s=${value}`);
  const out = process.env.MODELYARD_BUDGETS_OUT;
  if (out) {
    await mkdir(path.dirname(path.resolve(out)), { recursive: true });
    await writeFile(out, `${JSON.stringify({ ...budgets, phases_s: phases, measured_at: new Date().toISOString() }, null, 2)}\n`);
  }

  // The 401 from /users/me before signing up is expected; nothing else may log errors.
  expect(consoleErrors.filter((text) => !text.includes("401"))).toEqual([]);
});
