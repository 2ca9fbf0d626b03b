import { describe, expect, it } from "vitest";
import type { FeatureDrift } from "@/lib/api/monitoring";
import { binShares, driftRow, driftRows, formatPValue, formatPsi, reportSummary } from "./drift";

function feature(overrides: Partial<FeatureDrift>): FeatureDrift {
  return {
    name: "age",
    kind: "numeric",
    rows: 1200,
    psi: 0.02,
    severity: "stable",
    test: "ks",
    statistic: 0.031,
    p_value: 0.42,
    drifted: false,
    bins: ["< 20", "20 - 40", ">= 40", "missing"],
    expected: [0.2, 0.5, 0.3, 0],
    actual: [0.1, 0.4, 0.5, 0],
    ...overrides,
  };
}

describe("driftRows", () => {
  it("puts drifted features first, then the largest PSI, with missing PSI last", () => {
    const rows = driftRows([
      feature({ name: "fare", psi: 0.08 }),
      feature({ name: "sex", kind: "categorical", test: "chi_square", psi: 0.12, severity: "moderate", p_value: 0.0004, drifted: true }),
      feature({ name: "cabin", psi: null, severity: "insufficient_data", rows: 40 }),
      feature({ name: "age", psi: 0.41, severity: "significant", drifted: true }),
      feature({ name: "embarked", psi: 0.08 }),
    ]);
    expect(rows.map((row) => row.name)).toEqual(["age", "sex", "embarked", "fare", "cabin"]);
  });

  it("formats the figures and says why a row is drift, in words", () => {
    const significant = driftRow(feature({ psi: 0.4123, severity: "significant", drifted: true, p_value: 0.00001 }));
    expect(significant).toMatchObject({ psi: "0.412", pValue: "< 0.001", test: "Kolmogorov–Smirnov", severityLabel: "Significant shift", tone: "danger", drifted: true, psiShare: 1 });
    expect(significant.verdict).toBe("Drifted: PSI 0.412 ≥ 0.25");

    const moderate = driftRow(feature({ kind: "categorical", test: "chi_square", psi: 0.15, severity: "moderate", p_value: 0.002, drifted: true }));
    expect(moderate.test).toBe("Chi-square");
    expect(moderate.verdict).toBe("Drifted: PSI 0.150 with p 0.002");
    expect(moderate.psiShare).toBeCloseTo(0.6);

    const stable = driftRow(feature({ psi: 0.05 }));
    expect(stable).toMatchObject({ verdict: "No drift", tone: "ok", severityLabel: "Stable", pValue: "0.42" });

    const few = driftRow(feature({ psi: null, statistic: null, p_value: null, severity: "insufficient_data", rows: 37 }));
    expect(few).toMatchObject({ psi: "—", statistic: "—", pValue: "—", psiShare: 0, tone: "muted", severityLabel: "Too few rows" });
    expect(few.verdict).toBe("Not judged: only 37 logged values");
  });
});

describe("formatting", () => {
  it("shows PSI with three decimals and small p-values as a bound", () => {
    expect(formatPsi(0.1)).toBe("0.100");
    expect(formatPsi(null)).toBe("—");
    expect(formatPValue(0.0009)).toBe("< 0.001");
    expect(formatPValue(0.0123)).toBe("0.0123");
  });

  it("sums a report up in one sentence", () => {
    const base = { status: "ready", rows: 1500, severity: "significant", drifted_features: ["age", "fare"], max_psi: 0.5 };
    expect(reportSummary(base)).toBe("2 features drifted (age, fare); largest PSI 0.500 over 1,500 logged rows.");
    expect(reportSummary({ ...base, severity: "stable", drifted_features: [], max_psi: 0.02 })).toBe("No feature drifted (largest PSI 0.020) over 1,500 logged rows.");
    expect(reportSummary({ ...base, severity: "insufficient_data", rows: 12 })).toBe("Only 12 logged rows: too few to judge drift reliably.");
    expect(reportSummary({ ...base, status: "empty", rows: 0 })).toMatch(/No logged predictions/);
  });

  it("names the catch-all bins", () => {
    const bins = binShares({ bins: ["male", "female", "__other__", "missing"], expected: [0.6, 0.4, 0, 0], actual: [0.5, 0.3, 0.15, 0.05] });
    expect(bins.map((bin) => bin.bin)).toEqual(["male", "female", "(any other value)", "(missing)"]);
    expect(bins[2]).toEqual({ bin: "(any other value)", training: 0, production: 0.15 });
  });
});
