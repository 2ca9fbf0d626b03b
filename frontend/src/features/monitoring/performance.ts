/** Model performance from late labels: windows, the metric to chart, and its series. */
import type { Performance } from "@/lib/api/monitoring";

export interface PerformanceWindow {
  value: string;
  label: string;
  days: number;
  bucket: "hour" | "day";
}

export const PERFORMANCE_WINDOWS: readonly PerformanceWindow[] = [
  { value: "1", label: "Last 24 hours, per hour", days: 1, bucket: "hour" },
  { value: "7", label: "Last 7 days, per day", days: 7, bucket: "day" },
  { value: "30", label: "Last 30 days, per day", days: 30, bucket: "day" },
  { value: "90", label: "Last 90 days, per day", days: 90, bucket: "day" },
];

export const DEFAULT_PERFORMANCE_WINDOW = "30";

export function performanceWindow(value: string): PerformanceWindow {
  return PERFORMANCE_WINDOWS.find((window) => window.value === value) ?? (PERFORMANCE_WINDOWS[2] as PerformanceWindow);
}

/** The metric to chart first: the first one the task reports (accuracy, or RMSE). */
export function defaultMetric(performance: Pick<Performance, "task" | "metrics">): string {
  const names = Object.keys(performance.metrics);
  return names[0] ?? (performance.task === "regression" ? "rmse" : "accuracy");
}

export interface PerformancePoint {
  time: number;
  labelled: number;
  value: number | null;
}

export function performancePoints(performance: Pick<Performance, "series">, metric: string): PerformancePoint[] {
  return performance.series.map((bucket) => ({ time: Date.parse(bucket.start), labelled: bucket.labelled, value: bucket.metrics[metric] ?? null }));
}

/** The `POST …/actuals` call that labels predictions, for the empty state. */
export function actualsSnippet(origin: string, deploymentId: string, task?: string): string {
  const actual = task === "regression" ? "42.0" : '"yes"';
  return [
    `curl -X POST ${origin}/api/v1/deployments/${deploymentId}/actuals \\`,
    `  -H "Authorization: Bearer $MODELYARD_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"actuals": [{"prediction_id": "prd_…", "actual": ${actual}}]}'`,
  ].join("\n");
}
