/**
 * How a drift report reads in the web app. The thresholds, minimum rows and schedule come with
 * each report (`rules`), as the server that judged it applied them.
 */
import type { DriftReport, DriftRules, FeatureDrift } from "@/lib/api/monitoring";

/** The drift rule in words: "PSI ≥ 0.25, or ≥ 0.1 with a test p-value below 0.01". */
export function driftRule(rules: Pick<DriftRules, "psi_moderate" | "psi_significant" | "p_value">): string {
  return `PSI ≥ ${rules.psi_significant}, or ≥ ${rules.psi_moderate} with a test p-value below ${rules.p_value}`;
}

/** "every hour", "every 30 minutes", "every 2 hours", "every day", "every 45 seconds". */
export function formatEvery(seconds: number): string {
  const units = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ] as const;
  for (const [size, unit] of units) {
    if (seconds >= size && seconds % size === 0) return seconds === size ? `every ${unit}` : `every ${seconds / size} ${unit}s`;
  }
  return `every ${Math.round(seconds)} seconds`;
}

/** "the last hour", "the last 24 hours", "the last 7 days" (whole days from two days on). */
export function formatLastHours(hours: number): string {
  if (hours === 1) return "the last hour";
  if (hours >= 48 && hours % 24 === 0) return `the last ${hours / 24} days`;
  return `the last ${hours} hours`;
}

/** When the workers compute reports: "Workers check every hour, over the last 24 hours of logged inputs." */
export function driftSchedule(rules: Pick<DriftRules, "schedule_interval_s" | "window_hours">): string {
  return `Workers check ${formatEvery(rules.schedule_interval_s)}, over ${formatLastHours(rules.window_hours)} of logged inputs.`;
}

export type SeverityTone = "ok" | "warning" | "danger" | "muted";

const SEVERITIES: Record<string, { label: string; tone: SeverityTone }> = {
  stable: { label: "Stable", tone: "ok" },
  moderate: { label: "Moderate shift", tone: "warning" },
  significant: { label: "Significant shift", tone: "danger" },
  insufficient_data: { label: "Too few rows", tone: "muted" },
};

export function severityLabel(severity: string): string {
  return SEVERITIES[severity]?.label ?? severity.replace(/_/g, " ");
}

export function severityTone(severity: string): SeverityTone {
  return SEVERITIES[severity]?.tone ?? "muted";
}

const TESTS: Record<string, string> = { ks: "Kolmogorov–Smirnov", chi_square: "Chi-square" };

export function testLabel(test: string): string {
  return TESTS[test] ?? test.replace(/_/g, " ");
}

const psiFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
const statisticFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

export function formatPsi(value: number | null | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? psiFormat.format(value) : "—";
}

/** p-values: "< 0.001" below a thousandth, else three significant digits. */
export function formatPValue(value: number | null | undefined): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  if (value < 0.001) return "< 0.001";
  return statisticFormat.format(value);
}

export interface DriftRow {
  name: string;
  kind: string;
  rows: number;
  psi: string;
  /** The PSI as a share of the report's significant threshold, 0–1, for a bar behind the figure. */
  psiShare: number;
  severity: string;
  severityLabel: string;
  tone: SeverityTone;
  test: string;
  statistic: string;
  pValue: string;
  drifted: boolean;
  /** Why the row is (or is not) called drift, in words: what a screen reader and the tooltip say. */
  verdict: string;
  feature: FeatureDrift;
}

function verdict(feature: FeatureDrift, rules: DriftRules): string {
  if (feature.severity === "insufficient_data") return `Not judged: only ${feature.rows.toLocaleString()} logged values (fewer than ${rules.min_rows.toLocaleString()})`;
  if (!feature.drifted) return "No drift";
  if (feature.psi !== null && feature.psi >= rules.psi_significant) return `Drifted: PSI ${formatPsi(feature.psi)} ≥ ${rules.psi_significant}`;
  return `Drifted: PSI ${formatPsi(feature.psi)} with p ${formatPValue(feature.p_value)} < ${rules.p_value}`;
}

/** A feature as a table row, judged by the report's rules. */
export function driftRow(feature: FeatureDrift, rules: DriftRules): DriftRow {
  return {
    name: feature.name,
    kind: feature.kind,
    rows: feature.rows,
    psi: formatPsi(feature.psi),
    psiShare: feature.psi === null || !(rules.psi_significant > 0) ? 0 : Math.min(Math.max(feature.psi / rules.psi_significant, 0), 1),
    severity: feature.severity,
    severityLabel: severityLabel(feature.severity),
    tone: severityTone(feature.severity),
    test: testLabel(feature.test),
    statistic: feature.statistic === null ? "—" : statisticFormat.format(feature.statistic),
    pValue: formatPValue(feature.p_value),
    drifted: feature.drifted,
    verdict: verdict(feature, rules),
    feature,
  };
}

/** Drifted features first, then by PSI (largest first, missing last), then by name. */
export function driftRows(features: readonly FeatureDrift[], rules: DriftRules): DriftRow[] {
  return [...features]
    .sort((a, b) => Number(b.drifted) - Number(a.drifted) || (b.psi ?? -1) - (a.psi ?? -1) || a.name.localeCompare(b.name))
    .map((feature) => driftRow(feature, rules));
}

/** One sentence about the whole report. */
export function reportSummary(report: Pick<DriftReport, "status" | "rows" | "severity" | "drifted_features" | "max_psi" | "rules">): string {
  if (report.status === "empty") return "No logged predictions in this window, so nothing was compared.";
  const rows = report.rows.toLocaleString();
  if (report.severity === "insufficient_data") return `Only ${rows} logged rows: too few to judge drift reliably (a feature needs at least ${report.rules.min_rows.toLocaleString()} values).`;
  const count = report.drifted_features.length;
  if (count === 0) return `No feature drifted (largest PSI ${formatPsi(report.max_psi)}) over ${rows} logged rows.`;
  return `${count} feature${count === 1 ? "" : "s"} drifted (${report.drifted_features.join(", ")}); largest PSI ${formatPsi(report.max_psi)} over ${rows} logged rows.`;
}

export interface BinShare {
  bin: string;
  training: number;
  production: number;
}

/** The server's names of the catch-all bins: unseen categories, and missing values (always last). */
const OTHER_BIN = "__other__";
const MISSING_BIN = "missing";

/** The feature's bins with the share of training and production rows in each. */
export function binShares(feature: Pick<FeatureDrift, "bins" | "expected" | "actual">): BinShare[] {
  const last = feature.bins.length - 1;
  return feature.bins.map((bin, index) => ({
    bin: bin === OTHER_BIN ? "(any other value)" : index === last && bin === MISSING_BIN ? "(missing)" : bin,
    training: feature.expected[index] ?? 0,
    production: feature.actual[index] ?? 0,
  }));
}

export interface DriftWindow {
  value: string;
  label: string;
  hours: number;
}

export const DRIFT_WINDOWS: readonly DriftWindow[] = [
  { value: "1", label: "Last hour", hours: 1 },
  { value: "24", label: "Last 24 hours", hours: 24 },
  { value: "168", label: "Last 7 days", hours: 168 },
  { value: "720", label: "Last 30 days", hours: 720 },
];

export const DEFAULT_DRIFT_WINDOW = "24";
