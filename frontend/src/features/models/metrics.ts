import type { Stage } from "@/lib/api/models";

/** Metrics where a smaller value is better; every other metric reads "higher is better". */
const LOWER_IS_BETTER = new Set(["log_loss", "rmse", "mae", "mse", "mape"]);

const METRIC_LABELS: Record<string, string> = {
  roc_auc: "ROC AUC",
  log_loss: "Log loss",
  accuracy: "Accuracy",
  balanced_accuracy: "Balanced accuracy",
  f1: "F1",
  f1_macro: "F1 (macro)",
  rmse: "RMSE",
  mae: "MAE",
  r2: "R²",
  best_single: "Best single model",
};

export function greaterIsBetter(metric: string): boolean {
  return !LOWER_IS_BETTER.has(metric);
}

export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric.replace(/_/g, " ");
}

const scoreFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

export function formatScore(value: unknown): string {
  return typeof value === "number" && Number.isFinite(value) ? scoreFormat.format(value) : "—";
}

export function formatSeconds(value: unknown): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(1)} s`;
}

export const TASK_LABELS: Record<string, string> = {
  binary: "Binary classification",
  multiclass: "Multiclass classification",
  regression: "Regression",
};

export function taskLabel(task: string): string {
  return TASK_LABELS[task] ?? task;
}

export const STAGES: readonly Stage[] = ["none", "staging", "production", "archived"];

export const STAGE_LABELS: Record<Stage, string> = {
  none: "No stage",
  staging: "Staging",
  production: "Production",
  archived: "Archived",
};

/** Plain numbers from a metrics section such as `metrics.validation`; anything else is skipped. */
export function numericMetrics(section: unknown): [string, number | null][] {
  if (typeof section !== "object" || section === null || Array.isArray(section)) return [];
  return Object.entries(section as Record<string, unknown>)
    .filter(([, value]) => value === null || typeof value === "number")
    .map(([name, value]) => [name, value as number | null]);
}

/** The headline score of a version: holdout when there is one, else validation. */
export function headlineScore(metrics: Record<string, unknown>, metric: string): { value: number | null; source: string } {
  for (const source of ["holdout", "validation"] as const) {
    const found = numericMetrics(metrics[source]).find(([name]) => name === metric);
    if (found) return { value: found[1], source };
  }
  return { value: null, source: "" };
}
