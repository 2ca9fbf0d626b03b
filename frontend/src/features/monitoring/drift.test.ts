import { describe, expect, it } from "vitest";
import type { DriftRules, FeatureDrift } from "@/lib/api/monitoring";
import { binShares, driftRow, driftRows, driftRule, driftSchedule, formatEvery, formatLastHours, formatPValue, formatPsi, reportSummary } from "./drift";

const RULES: DriftRules = { psi_moderate: 0.1, psi_significant: 0.25, p_value: 0.01, min_rows: 200, schedule_interval_s: 3600, window_hours: 24 };

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
    ], RULES);
    expect(rows.map((row) => row.name)).toEqual(["age", "sex", "embarked", "fare", "cabin"]);
  });

  it("formats the figures and says why a row is drift, in words", () => {
    const significant = driftRow(feature({ psi: 0.4123, severity: "significant", drifted: true, p_value: 0.00001 }), RULES);
    expect(significant).toMatchObject({ psi: "0.412", pValue: "< 0.001", test: "Kolmogorov–Smirnov", severityLabel: "Significant shift", tone: "danger", drifted: true, psiShare: 1 });
    expect(significant.verdict).toBe("Drifted: PSI 0.412 ≥ 0.25");

    const moderate = driftRow(feature({ kind: "categorical", test: "chi_square", psi: 0.15, severity: "moderate", p_value: 0.002, drifted: true }), RULES);
    expect(moderate.test).toBe("Chi-square");
    expect(moderate.verdict).toBe("Drifted: PSI 0.150 with p 0.002 < 0.01");
    expect(moderate.psiShare).toBeCloseTo(0.6);

    const stable = driftRow(feature({ psi: 0.05 }), RULES);
    expect(stable).toMatchObject({ verdict: "No drift", tone: "ok", severityLabel: "Stable", pValue: "0.42" });

    const few = driftRow(feature({ psi: null, statistic: null, p_value: null, severity: "insufficient_data", rows: 37 }), RULES);
    expect(few).toMatchObject({ psi: "—", statistic: "—", pValue: "—", psiShare: 0, tone: "muted", severityLabel: "Too few rows" });
    expect(few.verdict).toBe("Not judged: only 37 logged values (fewer than 200)");
  });

  it("judges by the report's rules, not by defaults of its own", () => {
    const strict = { ...RULES, psi_significant: 0.5, p_value: 0.05, min_rows: 1000 };
    const row = driftRow(feature({ psi: 0.6, severity: "significant", drifted: true }), strict);
    expect(row.verdict).toBe("Drifted: PSI 0.600 ≥ 0.5");
    expect(driftRow(feature({ psi: 0.25 }), strict).psiShare).toBeCloseTo(0.5);
    expect(driftRow(feature({ psi: 0.2, severity: "moderate", drifted: true, p_value: 0.03 }), strict).verdict).toBe("Drifted: PSI 0.200 with p 0.03 < 0.05");
    expect(driftRow(feature({ psi: null, severity: "insufficient_data", rows: 800 }), strict).verdict).toBe("Not judged: only 800 logged values (fewer than 1,000)");
    expect(driftRule(strict)).toBe("PSI ≥ 0.5, or ≥ 0.1 with a test p-value below 0.05");
  });
});

describe("the schedule in words", () => {
  it("says how often and over how long the workers check", () => {
    expect(driftSchedule(RULES)).toBe("Workers check every hour, over the last 24 hours of logged inputs.");
    expect(driftSchedule({ schedule_interval_s: 900, window_hours: 168 })).toBe("Workers check every 15 minutes, over the last 7 days of logged inputs.");
    expect(formatEvery(86_400)).toBe("every day");
    expect(formatEvery(7_200)).toBe("every 2 hours");
    expect(formatEvery(60)).toBe("every minute");
    expect(formatEvery(90)).toBe("every 90 seconds");
    expect(formatLastHours(1)).toBe("the last hour");
    expect(formatLastHours(36)).toBe("the last 36 hours");
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
    const base = { status: "ready", rows: 1500, severity: "significant", drifted_features: ["age", "fare"], max_psi: 0.5, rules: RULES };
    expect(reportSummary(base)).toBe("2 features drifted (age, fare); largest PSI 0.500 over 1,500 logged rows.");
    expect(reportSummary({ ...base, severity: "stable", drifted_features: [], max_psi: 0.02 })).toBe("No feature drifted (largest PSI 0.020) over 1,500 logged rows.");
    expect(reportSummary({ ...base, severity: "insufficient_data", rows: 12 })).toBe("Only 12 logged rows: too few to judge drift reliably (a feature needs at least 200 values).");
    expect(reportSummary({ ...base, status: "empty", rows: 0 })).toMatch(/No logged predictions/);
  });

  it("names the catch-all bins", () => {
    const bins = binShares({ bins: ["male", "female", "__other__", "missing"], expected: [0.6, 0.4, 0, 0], actual: [0.5, 0.3, 0.15, 0.05] });
    expect(bins.map((bin) => bin.bin)).toEqual(["male", "female", "(any other value)", "(missing)"]);
    expect(bins[2]).toEqual({ bin: "(any other value)", training: 0, production: 0.15 });
  });
});
