import type { ColumnProfile, DatasetProfile, SemanticType, TargetSuggestion, TaskType, WarningKind } from "@/lib/api";

export const TASK_LABELS: Record<TaskType, string> = {
  binary: "Binary classification",
  multiclass: "Multiclass classification",
  regression: "Regression",
};

export const SEMANTIC_TYPE_LABELS: Record<SemanticType, string> = {
  numeric: "Numeric",
  categorical: "Categorical",
  boolean: "Boolean",
  datetime: "Date/time",
  text: "Text",
  identifier: "Identifier",
};

export const WARNING_LABELS: Record<WarningKind, string> = {
  constant: "Constant",
  high_cardinality: "High cardinality",
  identifier_like: "Looks like an ID",
  likely_leakage: "Possible leakage",
  class_imbalance: "Class imbalance",
  duplicate_rows: "Duplicate rows",
  mostly_missing: "Mostly missing",
};

export interface HistogramDatum {
  label: string;
  count: number;
  /** Share of the column's analysed values, 0–1. */
  share: number;
}

const compact = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });

export function formatStat(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return compact.format(value);
}

/**
 * Bars to draw for a column: its numeric histogram when it has one, else its most
 * frequent values (categorical, boolean, text), else nothing.
 */
export function histogramData(column: ColumnProfile): HistogramDatum[] {
  if (column.histogram && column.histogram.length > 0) {
    const total = column.histogram.reduce((sum, bin) => sum + bin.count, 0) || 1;
    return column.histogram.map((bin) => ({ label: `${formatStat(bin.start)} – ${formatStat(bin.end)}`, count: bin.count, share: bin.count / total }));
  }
  if (column.top_values && column.top_values.length > 0) {
    return column.top_values.map((value) => ({ label: value.value === "" ? "(empty)" : value.value, count: value.count, share: value.fraction }));
  }
  return [];
}

/** One line that sums a column up in the table. */
export function columnSummary(column: ColumnProfile): string {
  if (column.numeric) {
    const { min, mean, max } = column.numeric;
    return `min ${formatStat(min)} · mean ${formatStat(mean)} · max ${formatStat(max)}`;
  }
  if (column.semantic_type === "datetime" && column.min_value && column.max_value) {
    return `${column.min_value.slice(0, 10)} → ${column.max_value.slice(0, 10)}`;
  }
  const top = column.top_values?.[0];
  if (top) return `top: ${top.value === "" ? "(empty)" : top.value} (${Math.round(top.fraction * 100)}%)`;
  if (column.mean_length !== null && column.mean_length !== undefined) return `mean length ${formatStat(column.mean_length)}`;
  return "—";
}

/** Suggested targets first, best first, then every other column in table order. */
export function orderTargets(columns: string[], suggestions: TargetSuggestion[]): { column: string; suggestion: TargetSuggestion | null }[] {
  const suggested = [...suggestions].filter((s) => columns.includes(s.column)).sort((a, b) => b.score - a.score);
  const seen = new Set(suggested.map((s) => s.column));
  return [...suggested.map((s) => ({ column: s.column, suggestion: s })), ...columns.filter((c) => !seen.has(c)).map((c) => ({ column: c, suggestion: null }))];
}

/** Columns the profile flags as poor inputs (identifiers, constants, leakage). */
export function flaggedColumns(profile: DatasetProfile | undefined): Map<string, WarningKind[]> {
  const flagged = new Map<string, WarningKind[]>();
  for (const warning of profile?.warnings ?? []) {
    if (!warning.column) continue;
    if (warning.kind === "identifier_like" || warning.kind === "constant" || warning.kind === "likely_leakage") {
      flagged.set(warning.column, [...(flagged.get(warning.column) ?? []), warning.kind]);
    }
  }
  return flagged;
}

/** A preview cell as text: JSON for nested values, empty for missing ones. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}
