/**
 * A model version's input signature (`model_version.signature`, from the engine's
 * InputSignature.to_dict): the raw columns a prediction takes, with their kinds and, for
 * categorical columns, the categories seen in training.
 */

export type ColumnKind = "numeric" | "boolean" | "categorical" | "datetime" | "text";

export interface SignatureColumn {
  name: string;
  kind: ColumnKind;
  dtype: string;
  categories: string[];
}

const KINDS = new Set<string>(["numeric", "boolean", "categorical", "datetime", "text"]);
/** Older or foreign signatures may use other words for the same kinds. */
const ALIASES: Record<string, ColumnKind> = { number: "numeric", bool: "boolean", category: "categorical", string: "text", date: "datetime" };

export function parseSignature(signature: Record<string, unknown>): { target: string; columns: SignatureColumn[] } {
  const columns = Array.isArray(signature.columns) ? signature.columns : [];
  return {
    target: typeof signature.target === "string" ? signature.target : "",
    columns: columns.flatMap((column): SignatureColumn[] => {
      if (typeof column !== "object" || column === null) return [];
      const raw = column as Record<string, unknown>;
      if (typeof raw.name !== "string") return [];
      const kindName = typeof raw.kind === "string" ? raw.kind : "text";
      const kind: ColumnKind = KINDS.has(kindName) ? (kindName as ColumnKind) : (ALIASES[kindName] ?? "text");
      const categories = Array.isArray(raw.categories) ? raw.categories.map(String) : [];
      return [{ name: raw.name, kind: kind === "categorical" && categories.length === 0 ? "text" : kind, dtype: typeof raw.dtype === "string" ? raw.dtype : "", categories }];
    }),
  };
}

export const KIND_LABELS: Record<ColumnKind, string> = {
  numeric: "Number",
  boolean: "Yes / no",
  categorical: "Category",
  datetime: "Date and time",
  text: "Text",
};

/** What the form holds for every column: strings, "" meaning missing. */
export type FormValues = Record<string, string>;

export function emptyValues(columns: readonly SignatureColumn[]): FormValues {
  return Object.fromEntries(columns.map((column) => [column.name, ""]));
}

/** An error message for one field, or null when the value is acceptable (blank = missing is always allowed). */
export function validateField(column: SignatureColumn, value: string): string | null {
  const text = value.trim();
  if (text === "") return null;
  if (column.kind === "numeric" && !Number.isFinite(Number(text))) return "Enter a number, e.g. 3.5, or leave it blank.";
  if (column.kind === "boolean" && text !== "true" && text !== "false") return "Choose yes or no.";
  if (column.kind === "datetime" && Number.isNaN(new Date(text).getTime())) return "Enter a date, e.g. 2024-05-31 or 2024-05-31T14:30.";
  if (column.kind === "categorical" && column.categories.length > 0 && !column.categories.includes(value)) {
    return `Choose one of the ${column.categories.length} values seen in training.`;
  }
  return null;
}

export function validateAll(columns: readonly SignatureColumn[], values: FormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const column of columns) {
    const message = validateField(column, values[column.name] ?? "");
    if (message) errors[column.name] = message;
  }
  return errors;
}

/** One JSON row for the predict API: numbers as numbers, booleans as booleans, blanks as null. */
export function toRecord(columns: readonly SignatureColumn[], values: FormValues): Record<string, string | number | boolean | null> {
  const record: Record<string, string | number | boolean | null> = {};
  for (const column of columns) {
    const raw = values[column.name] ?? "";
    const text = raw.trim();
    if (text === "") record[column.name] = null;
    else if (column.kind === "numeric") record[column.name] = Number(text);
    else if (column.kind === "boolean") record[column.name] = text === "true";
    else if (column.kind === "categorical") record[column.name] = raw;
    else record[column.name] = text;
  }
  return record;
}

/** A plausible first row: the first category seen in training for categorical columns, blanks elsewhere. */
export function exampleValues(columns: readonly SignatureColumn[]): FormValues {
  return Object.fromEntries(columns.map((column) => [column.name, column.kind === "categorical" ? (column.categories[0] ?? "") : ""]));
}
