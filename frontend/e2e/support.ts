import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const screenshotDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "screenshots");

export async function screenshot(page: Page, name: string): Promise<void> {
  // Let toasts and dialog animations settle so screenshots are comparable.
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Fails on any serious or critical WCAG 2.1 A/AA violation, listing what and where. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    // Toasts fade in and out; axe would measure their contrast mid-animation. Their
    // colours are the popover tokens already checked on every page.
    .exclude("[data-sonner-toaster]")
    .analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.impact}: ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(blocking, `accessibility violations on ${label}`).toEqual([]);
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}
