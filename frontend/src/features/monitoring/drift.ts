/**
 * How a drift report reads in the web app. The thresholds mirror the server's
 * (src/modelyard/monitoring/drift.py), which does not send them with the report.
 */
import type { DriftReport, FeatureDrift } from "@/lib/api/monitoring";

/** PSI from which a feature moved moderately / shifted significantly. */
export const PSI_MODERATE = 0.1;
export const PSI_SIGNIFICANT = 0.25;
/** A moderate PSI counts as drift when the KS or chi-square test's p-value is below this. */
export const DRIFT_P_VALUE = 0.01;
export const DRIFT_RULE = `PSI ≥ ${PSI_SIGNIFICANT}, or ≥ ${PSI_MODERATE} with a test p-value below ${DRIFT_P_VALUE}`;

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
  /** The PSI as a share of the significant threshold, 0–1, for a bar behind the figure. */
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

function verdict(feature: FeatureDrift): string {
  if (feature.severity === "insufficient_data") return `Not judged: only ${feature.rows} logged values`;
  if (!feature.drifted) return "No drift";
  if (feature.psi !== null && feature.psi >= PSI_SIGNIFICANT) return `Drifted: PSI ${formatPsi(feature.psi)} ≥ ${PSI_SIGNIFICANT}`;
  return `Drifted: PSI ${formatPsi(feature.psi)} with p ${formatPValue(feature.p_value)}`;
}

/** A feature as a table row. */
export function driftRow(feature: FeatureDrift): DriftRow {
  return {
    name: feature.name,
    kind: feature.kind,
    rows: feature.rows,
    psi: formatPsi(feature.psi),
    psiShare: feature.psi === null ? 0 : Math.min(Math.max(feature.psi / PSI_SIGNIFICANT, 0), 1),
    severity: feature.severity,
    severityLabel: severityLabel(feature.severity),
    tone: severityTone(feature.severity),
    test: testLabel(feature.test),
    statistic: feature.statistic === null ? "—" : statisticFormat.format(feature.statistic),
    pValue: formatPValue(feature.p_value),
    drifted: feature.drifted,
    verdict: verdict(feature),
    feature,
  };
}

/** Drifted features first, then by PSI (largest first, missing last), then by name. */
export function driftRows(features: readonly FeatureDrift[]): DriftRow[] {
  return [...features]
    .sort((a, b) => Number(b.drifted) - Number(a.drifted) || (b.psi ?? -1) - (a.psi ?? -1) || a.name.localeCompare(b.name))
    .map(driftRow);
}

/** One sentence about the whole report. */
export function reportSummary(report: Pick<DriftReport, "status" | "rows" | "severity" | "drifted_features" | "max_psi">): string {
  if (report.status === "empty") return "No logged predictions in this window, so nothing was compared.";
  const rows = report.rows.toLocaleString();
  if (report.severity === "insufficient_data") return `Only ${rows} logged rows: too few to judge drift reliably.`;
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
