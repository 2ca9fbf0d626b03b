/**
 * Alert rules as the web app presents them: what each signal measures, its unit, sensible
 * defaults, the checks of the create form, and the body it sends (AlertRuleCreate).
 */
import { greaterIsBetter, metricLabel } from "@/features/models/metrics";
import type { AlertComparison, AlertRule, AlertRuleCreate, AlertSignal, DriftRules } from "@/lib/api/monitoring";
import { formatLatency, formatPercent, formatRate } from "./traffic";

export interface SignalInfo {
  value: AlertSignal;
  label: string;
  description: string;
  /** Unit of the threshold field as the user types it. */
  unit: string;
  /** Whether the rule reads a time window (drift reads the latest report instead). */
  windowed: boolean;
  defaultComparison: AlertComparison;
  /** For drift, used until a report says the server's significant PSI. */
  defaultThreshold: string;
  defaultWindow: string;
}

export const SIGNALS: readonly SignalInfo[] = [
  {
    value: "drift_psi",
    label: "Data drift",
    description: "The largest feature PSI of the latest drift report.",
    unit: "PSI",
    windowed: false,
    defaultComparison: "above",
    defaultThreshold: "0.25",
    defaultWindow: "60",
  },
  {
    value: "error_rate",
    label: "Error rate",
    description: "Failed prediction requests as a share of all requests over the window.",
    unit: "%",
    windowed: true,
    defaultComparison: "above",
    defaultThreshold: "5",
    defaultWindow: "15",
  },
  {
    value: "latency_p99_ms",
    label: "Latency (p99)",
    description: "The 99th percentile of server-side prediction latency over the window.",
    unit: "ms",
    windowed: true,
    defaultComparison: "above",
    defaultThreshold: "500",
    defaultWindow: "15",
  },
  {
    value: "request_rate",
    label: "Request rate",
    description: "Prediction requests per minute over the window; “below” catches traffic that stopped.",
    unit: "requests/min",
    windowed: true,
    defaultComparison: "below",
    defaultThreshold: "1",
    defaultWindow: "60",
  },
  {
    value: "performance",
    label: "Model metric",
    description: "A quality metric of the predictions that received their true outcome (actuals) over the window.",
    unit: "",
    windowed: true,
    defaultComparison: "below",
    defaultThreshold: "0.8",
    defaultWindow: "10080",
  },
];

export function signalInfo(signal: string): SignalInfo {
  return SIGNALS.find((info) => info.value === signal) ?? (SIGNALS[0] as SignalInfo);
}

/** The signal's description; for drift, with the PSI thresholds of the server's reports when one is known. */
export function signalDescription(signal: AlertSignal, driftRules?: Pick<DriftRules, "psi_moderate" | "psi_significant">): string {
  const { description } = signalInfo(signal);
  if (signal !== "drift_psi" || !driftRules) return description;
  return `${description} ${driftRules.psi_significant} and above is a significant shift, ${driftRules.psi_moderate} a moderate one.`;
}

export const RULE_WINDOWS: readonly { value: string; label: string }[] = [
  { value: "5", label: "5 minutes" },
  { value: "15", label: "15 minutes" },
  { value: "60", label: "1 hour" },
  { value: "360", label: "6 hours" },
  { value: "1440", label: "1 day" },
  { value: "10080", label: "7 days" },
  { value: "43200", label: "30 days" },
];

export function windowLabel(minutes: number): string {
  const known = RULE_WINDOWS.find((window) => Number(window.value) === minutes);
  if (known) return known.label;
  if (minutes % 1440 === 0) return `${minutes / 1440} days`;
  if (minutes % 60 === 0) return `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

export const CLASSIFICATION_METRICS = ["accuracy", "roc_auc", "log_loss"] as const;
export const REGRESSION_METRICS = ["rmse", "mae"] as const;

/** The metrics a performance rule may watch for a model of this task (as the server checks). */
export function metricsForTask(task: string | undefined): readonly string[] {
  if (task === "regression") return REGRESSION_METRICS;
  if (task === "binary" || task === "multiclass") return CLASSIFICATION_METRICS;
  return [...CLASSIFICATION_METRICS, ...REGRESSION_METRICS];
}

/** Metrics that are shares, between 0 and 1. */
const BOUNDED_METRICS = new Set(["accuracy", "roc_auc"]);

export interface RuleFormValues {
  name: string;
  signal: AlertSignal;
  metric: string;
  comparison: AlertComparison;
  threshold: string;
  windowMinutes: string;
  enabled: boolean;
}

/** A new rule's values; a drift rule fires at the significant PSI of the server's reports, when one is known. */
export function defaultRuleValues(signal: AlertSignal = "drift_psi", metric = "", driftRules?: Pick<DriftRules, "psi_significant">): RuleFormValues {
  const info = signalInfo(signal);
  return {
    name: "",
    signal,
    metric,
    comparison: signal === "performance" && metric ? (greaterIsBetter(metric) ? "below" : "above") : info.defaultComparison,
    threshold: signal === "drift_psi" && driftRules ? String(driftRules.psi_significant) : info.defaultThreshold,
    windowMinutes: info.defaultWindow,
    enabled: true,
  };
}

export type RuleFormErrors = Partial<Record<"name" | "metric" | "threshold", string>>;

/** The form's problems, by field; empty when it can be sent. */
export function validateRule(values: RuleFormValues, allowedMetrics: readonly string[]): RuleFormErrors {
  const errors: RuleFormErrors = {};
  if (values.name.trim().length > 200) errors.name = "Keep the name under 200 characters.";
  if (values.signal === "performance" && !allowedMetrics.includes(values.metric)) {
    errors.metric = `Choose the metric to watch: ${allowedMetrics.map(metricLabel).join(", ")}.`;
  }
  const text = values.threshold.trim().replace(",", ".");
  const threshold = Number(text);
  if (text === "" || !Number.isFinite(threshold)) {
    errors.threshold = "Enter a number.";
  } else if (threshold < 0) {
    errors.threshold = "The threshold cannot be negative.";
  } else if (values.signal === "error_rate" && threshold > 100) {
    errors.threshold = "An error rate is between 0 and 100%.";
  } else if (values.signal === "performance" && BOUNDED_METRICS.has(values.metric) && threshold > 1) {
    errors.threshold = `${metricLabel(values.metric)} is between 0 and 1.`;
  }
  return errors;
}

/** The threshold in the API's unit: an error rate is typed in percent and sent as a share. */
export function apiThreshold(signal: AlertSignal, typed: string): number {
  const value = Number(typed.trim().replace(",", "."));
  return signal === "error_rate" ? value / 100 : value;
}

/** What the rule watches, in words: "Error rate above 5% over 15 minutes". */
export function describeCondition(rule: Pick<AlertRule, "signal" | "metric" | "comparison" | "threshold" | "window_minutes">): string {
  const info = signalInfo(rule.signal);
  const subject = rule.signal === "performance" ? metricLabel(rule.metric ?? "metric") : info.label;
  const over = info.windowed ? ` over ${windowLabel(rule.window_minutes)}` : " in the latest report";
  return `${subject} ${rule.comparison} ${formatSignalValue(rule.signal, rule.threshold)}${over}`;
}

/** The body of POST …/alert-rules; a blank name becomes the condition in words. */
export function toCreateBody(values: RuleFormValues): AlertRuleCreate {
  const rule = {
    signal: values.signal,
    metric: values.signal === "performance" ? values.metric : null,
    comparison: values.comparison,
    threshold: apiThreshold(values.signal, values.threshold),
    window_minutes: Number(values.windowMinutes),
  };
  return { ...rule, name: values.name.trim() || describeCondition(rule), enabled: values.enabled };
}

/** A value of the signal as people read it: a percentage, milliseconds, a rate, a PSI. */
export function formatSignalValue(signal: string, value: number | null | undefined): string {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  if (signal === "error_rate") return formatPercent(value);
  if (signal === "latency_p99_ms") return formatLatency(value);
  if (signal === "request_rate") return `${formatRate(value)}/min`;
  return formatRate(value);
}

export type RuleStateTone = "ok" | "danger" | "muted";

const RULE_STATES: Record<string, { label: string; tone: RuleStateTone }> = {
  ok: { label: "OK", tone: "ok" },
  firing: { label: "Firing", tone: "danger" },
  no_data: { label: "No data", tone: "muted" },
  resolved: { label: "Resolved", tone: "ok" },
};

export function ruleStateLabel(state: string): string {
  return RULE_STATES[state]?.label ?? state.replace(/_/g, " ");
}

export function ruleStateTone(state: string): RuleStateTone {
  return RULE_STATES[state]?.tone ?? "muted";
}
