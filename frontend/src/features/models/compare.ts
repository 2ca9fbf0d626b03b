import type { Comparison } from "@/lib/api/models";
import { numericMetrics } from "./metrics";

export interface CompareRow {
  section: string;
  name: string;
  values: (number | null)[];
}

/** Numeric metrics of every section (validation, holdout), one row per metric, columns in version order. */
export function comparisonRows(comparison: Comparison): CompareRow[] {
  const ids = comparison.versions.map((version) => version.id);
  const rows: CompareRow[] = [];
  for (const [section, byVersion] of Object.entries(comparison.metrics)) {
    const names = new Set<string>();
    const values = new Map<string, Map<string, number | null>>();
    for (const id of ids) {
      const entries = numericMetrics(byVersion[id]);
      values.set(id, new Map(entries));
      for (const [name] of entries) names.add(name);
    }
    for (const name of names) {
      rows.push({ section, name, values: ids.map((id) => values.get(id)?.get(name) ?? null) });
    }
  }
  return rows;
}

/** Every parameter name any version's best candidate used, with each version's value as text. */
export function parameterRows(comparison: Comparison): { name: string; values: string[] }[] {
  const ids = comparison.versions.map((version) => version.id);
  const names = [...new Set(ids.flatMap((id) => Object.keys(comparison.parameters[id] ?? {})))].sort();
  return names.map((name) => ({
    name,
    values: ids.map((id) => {
      const value = comparison.parameters[id]?.[name];
      return value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);
    }),
  }));
}
