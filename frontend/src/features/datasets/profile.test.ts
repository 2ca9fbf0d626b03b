import { describe, expect, it } from "vitest";
import type { ColumnProfile, DatasetProfile } from "@/lib/api";
import { columnSummary, flaggedColumns, formatCell, histogramData, orderTargets } from "./profile";

const base: ColumnProfile = {
  name: "age",
  dtype: "Float64",
  semantic_type: "numeric",
  count: 714,
  missing: 177,
  missing_pct: 19.9,
  distinct: 88,
  distinct_is_approximate: false,
  histogram: null,
  numeric: null,
  top_values: null,
  min_value: null,
  max_value: null,
  mean_length: null,
};

describe("histogramData", () => {
  it("turns numeric bins into labelled bars with shares", () => {
    const data = histogramData({
      ...base,
      histogram: [
        { start: 0, end: 10, count: 30 },
        { start: 10, end: 20, count: 10 },
      ],
    });
    expect(data).toEqual([
      { label: "0 – 10", count: 30, share: 0.75 },
      { label: "10 – 20", count: 10, share: 0.25 },
    ]);
  });

  it("uses the top values of other columns, naming the empty string", () => {
    const data = histogramData({
      ...base,
      semantic_type: "categorical",
      top_values: [
        { value: "S", count: 644, fraction: 0.72 },
        { value: "", count: 2, fraction: 0.01 },
      ],
    });
    expect(data.map((d) => d.label)).toEqual(["S", "(empty)"]);
    expect(data[0]?.share).toBe(0.72);
    expect(histogramData(base)).toEqual([]);
  });
});

describe("columnSummary", () => {
  it("sums up numbers, dates and categories", () => {
    expect(columnSummary({ ...base, numeric: { min: 0.42, max: 80, mean: 29.699, std: 14.5, p05: 4, p25: 20, median: 28, p75: 38, p95: 56 } })).toBe("min 0.42 · mean 29.7 · max 80");
    expect(columnSummary({ ...base, semantic_type: "datetime", min_value: "2020-01-01T00:00:00", max_value: "2021-06-30T00:00:00" })).toBe("2020-01-01 → 2021-06-30");
    expect(columnSummary({ ...base, top_values: [{ value: "male", count: 577, fraction: 0.647 }] })).toBe("top: male (65%)");
    expect(columnSummary(base)).toBe("—");
  });
});

describe("orderTargets", () => {
  it("puts suggestions first, best first, then the other columns in order", () => {
    const ordered = orderTargets(
      ["id", "age", "survived", "pclass"],
      [
        { column: "pclass", task: "multiclass", score: 0.4, reason: "few values" },
        { column: "survived", task: "binary", score: 0.9, reason: "two values" },
        { column: "gone", task: "binary", score: 1, reason: "not a column" },
      ],
    );
    expect(ordered.map((o) => [o.column, o.suggestion?.score ?? null])).toEqual([
      ["survived", 0.9],
      ["pclass", 0.4],
      ["id", null],
      ["age", null],
    ]);
  });
});

describe("flaggedColumns", () => {
  it("collects identifiers, constants and leakage per column", () => {
    const profile = {
      warnings: [
        { kind: "identifier_like", column: "id", message: "" },
        { kind: "likely_leakage", column: "id", message: "" },
        { kind: "mostly_missing", column: "cabin", message: "" },
        { kind: "duplicate_rows", column: null, message: "" },
      ],
    } as unknown as DatasetProfile;
    expect(Object.fromEntries(flaggedColumns(profile))).toEqual({ id: ["identifier_like", "likely_leakage"] });
    expect(flaggedColumns(undefined).size).toBe(0);
  });
});

describe("formatCell", () => {
  it("shows values as text", () => {
    expect(formatCell(null)).toBe("");
    expect(formatCell(3.5)).toBe("3.5");
    expect(formatCell(true)).toBe("true");
    expect(formatCell({ a: 1 })).toBe('{"a":1}');
  });
});
