import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests against a real `modelyard serve` (started by e2e/global-setup.ts
 * on a free port with a fresh data directory) serving the built web app.
 * Uses Debian's Chromium: no Playwright browser download.
 */
const executablePath = process.env.MODELYARD_E2E_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // The journey is one long test (about 40 s idle); leave room for a loaded CI machine.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  use: {
    // Set by the global setup before workers start.
    baseURL: process.env.MODELYARD_E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    colorScheme: "light",
    launchOptions: {
      executablePath,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
});
