import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it("keeps same-origin paths", () => {
    expect(safeRedirect("/w/ws_1/datasets?tab=2")).toBe("/w/ws_1/datasets?tab=2");
  });

  it("refuses anything that could leave the site", () => {
    for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", 42, undefined]) {
      expect(safeRedirect(target)).toBe("/");
    }
  });
});
