/**
 * Chart data from a model version's stored metrics: `metrics.holdout_diagnostics` (written by
 * the training job on the held-out rows) and `feature_importance`. Everything is free JSON in
 * the API, so each reader validates what it uses and returns null when a part is missing.
 */

export interface RocCurve {
  label: string;
  auc: number | null;
  points: { fpr: number; tpr: number }[];
}

export interface ConfusionCell {
  actual: string;
  predicted: string;
  count: number;
  /** Share of the actual class's rows (the row's recall for the diagonal), 0..1. */
  share: number;
}

export interface ConfusionMatrix {
  labels: string[];
  rows: { actual: string; total: number; cells: ConfusionCell[] }[];
  total: number;
  correct: number;
}

export interface Diagnostics {
  task: string;
  rows: number;
  confusion: ConfusionMatrix | null;
  roc: RocCurve[];
  residuals: { actual: number; predicted: number; residual: number }[];
  histogram: { from: number; to: number; count: number; label: string }[];
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numbers(value: unknown): number[] | null {
  return Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isFinite(v)) ? (value as number[]) : null;
}

export function confusionMatrix(labels: unknown, matrix: unknown): ConfusionMatrix | null {
  if (!Array.isArray(labels) || !Array.isArray(matrix) || labels.length === 0 || matrix.length !== labels.length) return null;
  const names = labels.map(String);
  const rows: ConfusionMatrix["rows"] = [];
  let total = 0;
  let correct = 0;
  for (const [i, row] of matrix.entries()) {
    const counts = numbers(row);
    if (!counts || counts.length !== names.length) return null;
    const rowTotal = counts.reduce((sum, count) => sum + count, 0);
    total += rowTotal;
    correct += counts[i] ?? 0;
    rows.push({
      actual: names[i] ?? "",
      total: rowTotal,
      cells: counts.map((count, j) => ({ actual: names[i] ?? "", predicted: names[j] ?? "", count, share: rowTotal ? count / rowTotal : 0 })),
    });
  }
  return { labels: names, rows, total, correct };
}

export function rocCurves(curves: unknown): RocCurve[] {
  if (!Array.isArray(curves)) return [];
  return curves.flatMap((curve): RocCurve[] => {
    if (!isRecord(curve)) return [];
    const fpr = numbers(curve.fpr);
    const tpr = numbers(curve.tpr);
    if (!fpr || !tpr || fpr.length !== tpr.length || fpr.length < 2) return [];
    return [
      {
        label: typeof curve.label === "string" || typeof curve.label === "number" ? String(curve.label) : "",
        auc: typeof curve.auc === "number" ? curve.auc : null,
        points: fpr.map((x, i) => ({ fpr: x, tpr: tpr[i] ?? 0 })),
      },
    ];
  });
}

const binFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

export function residualHistogram(histogram: unknown): Diagnostics["histogram"] {
  if (!isRecord(histogram)) return [];
  const edges = numbers(histogram.edges);
  const counts = numbers(histogram.counts);
  if (!edges || !counts || edges.length !== counts.length + 1) return [];
  return counts.map((count, i) => {
    const from = edges[i] ?? 0;
    const to = edges[i + 1] ?? 0;
    return { from, to, count, label: `${binFormat.format(from)} to ${binFormat.format(to)}` };
  });
}

export function residualPoints(residuals: unknown): Diagnostics["residuals"] {
  if (!isRecord(residuals)) return [];
  const actual = numbers(residuals.actual);
  const predicted = numbers(residuals.predicted);
  if (!actual || !predicted || actual.length !== predicted.length) return [];
  return actual.map((value, i) => {
    const guess = predicted[i] ?? 0;
    return { actual: value, predicted: guess, residual: value - guess };
  });
}

export function parseDiagnostics(metrics: Record<string, unknown>): Diagnostics | null {
  const raw = metrics.holdout_diagnostics;
  if (!isRecord(raw) || Object.keys(raw).length === 0) return null;
  return {
    task: typeof raw.task === "string" ? raw.task : "",
    rows: typeof raw.rows === "number" ? raw.rows : 0,
    confusion: confusionMatrix(raw.labels, raw.confusion_matrix),
    roc: rocCurves(raw.roc_curves),
    residuals: residualPoints(raw.residuals),
    histogram: residualHistogram(raw.residual_histogram),
  };
}

export interface Importance {
  /** "permutation" (score drop when a column is shuffled) or "shap" (mean absolute SHAP value). */
  source: "permutation" | "shap";
  bars: { feature: string; value: number }[];
}

function finiteEntries(values: unknown): [string, number][] {
  if (!isRecord(values)) return [];
  return Object.entries(values).filter((entry): entry is [string, number] => typeof entry[1] === "number" && Number.isFinite(entry[1]));
}

/**
 * Feature importance, best first: permutation importance (model-agnostic, on held-out rows) unless
 * mean |SHAP| covers more columns (permutation can be missing when it could not be measured).
 */
export function importanceBars(featureImportance: Record<string, unknown>, limit = 15): Importance {
  const permutation = finiteEntries(featureImportance.permutation);
  const shap = finiteEntries(featureImportance.mean_abs_shap);
  const [source, entries] = shap.length > permutation.length ? (["shap", shap] as const) : (["permutation", permutation] as const);
  return {
    source,
    bars: entries
      .map(([feature, value]) => ({ feature, value }))
      .sort((a, b) => b.value - a.value || a.feature.localeCompare(b.feature))
      .slice(0, limit),
  };
}
