import { describe, expect, it } from "vitest";
import { confusionMatrix, importanceBars, parseDiagnostics, residualHistogram, residualPoints, rocCurves } from "./diagnostics";

/** The value, or a failed test when it is missing. */
function must<T>(value: T | null | undefined): T {
  expect(value).toBeDefined();
  expect(value).not.toBeNull();
  return value as T;
}

describe("confusion matrix", () => {
  it("keeps rows as the actual class, with counts, row shares and the accuracy", () => {
    const matrix = confusionMatrix(["no", "yes"], [
      [150, 12],
      [30, 70],
    ]);
    expect(matrix).not.toBeNull();
    const { total, correct, rows } = must(matrix);
    expect(total).toBe(262);
    expect(correct).toBe(220);
    expect(rows.map((row) => row.actual)).toEqual(["no", "yes"]);
    const yes = must(rows[1]);
    expect(yes.total).toBe(100);
    expect(yes.cells[0]).toEqual({ actual: "yes", predicted: "no", count: 30, share: 0.3 });
    expect(must(yes.cells[1]).share).toBe(0.7);
  });

  it("refuses shapes that do not match the labels and survives an empty class", () => {
    expect(confusionMatrix(["a", "b"], [[1, 2]])).toBeNull();
    expect(confusionMatrix(["a", "b"], [[1, 2], [3]])).toBeNull();
    expect(confusionMatrix(["a", "b"], [[1, "x"], [3, 4]])).toBeNull();
    const empty = must(confusionMatrix(["a", "b"], [[0, 0], [1, 1]]));
    expect(must(must(empty.rows[0]).cells[0]).share).toBe(0);
  });
});

describe("ROC curves", () => {
  it("pairs false and true positive rates into points, per curve", () => {
    const [curve] = rocCurves([{ label: "yes", auc: 0.9, fpr: [0, 0.1, 1], tpr: [0, 0.8, 1] }]);
    expect(curve).toEqual({
      label: "yes",
      auc: 0.9,
      points: [
        { fpr: 0, tpr: 0 },
        { fpr: 0.1, tpr: 0.8 },
        { fpr: 1, tpr: 1 },
      ],
    });
  });

  it("drops curves with mismatched or too few points", () => {
    expect(rocCurves([{ label: "a", fpr: [0, 1], tpr: [0] }, { label: "b", fpr: [0], tpr: [0] }, "junk"])).toEqual([]);
    expect(rocCurves(null)).toEqual([]);
  });
});

describe("regression diagnostics", () => {
  it("computes residuals as actual minus predicted and labels histogram bins", () => {
    expect(residualPoints({ actual: [10, 5], predicted: [8, 6] })).toEqual([
      { actual: 10, predicted: 8, residual: 2 },
      { actual: 5, predicted: 6, residual: -1 },
    ]);
    const bins = residualHistogram({ edges: [-1, 0, 1], counts: [3, 4] });
    expect(bins).toEqual([
      { from: -1, to: 0, count: 3, label: "-1 to 0" },
      { from: 0, to: 1, count: 4, label: "0 to 1" },
    ]);
    expect(residualHistogram({ edges: [0, 1], counts: [3, 4] })).toEqual([]);
  });
});

describe("parseDiagnostics", () => {
  it("reads what the training job stores and is null when there is nothing", () => {
    const diagnostics = parseDiagnostics({
      validation: { roc_auc: 0.9 },
      holdout_diagnostics: { task: "binary", rows: 4, labels: ["no", "yes"], confusion_matrix: [[2, 0], [1, 1]], roc_curves: [{ label: "yes", auc: 0.75, fpr: [0, 1], tpr: [0, 1] }] },
    });
    expect(diagnostics?.confusion?.correct).toBe(3);
    expect(diagnostics?.roc).toHaveLength(1);
    expect(diagnostics?.residuals).toEqual([]);
    expect(parseDiagnostics({ holdout_diagnostics: {} })).toBeNull();
    expect(parseDiagnostics({})).toBeNull();
  });
});

describe("importanceBars", () => {
  it("prefers permutation importance, sorts descending, skips missing values and limits the count", () => {
    const importance = importanceBars({ permutation: { age: 0.02, sex: 0.24, cls: 0.09, broken: null }, mean_abs_shap: { age: 9, sex: 3 } }, 2);
    expect(importance).toEqual({
      source: "permutation",
      bars: [
        { feature: "sex", value: 0.24 },
        { feature: "cls", value: 0.09 },
      ],
    });
  });

  it("falls back to mean |SHAP| when permutation importance could not be measured", () => {
    expect(importanceBars({ permutation: { age: null, carat: 5 }, mean_abs_shap: { age: 1, carat: 7 } })).toEqual({
      source: "shap",
      bars: [
        { feature: "carat", value: 7 },
        { feature: "age", value: 1 },
      ],
    });
    expect(importanceBars({})).toEqual({ source: "permutation", bars: [] });
  });
});
