import { FlaskConical } from "lucide-react";
import { useState } from "react";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { emptyValues, exampleValues, type FormValues, KIND_LABELS, type SignatureColumn, toRecord, validateAll } from "@/features/models/signature";
import type { PredictResponse } from "@/lib/api/deployments";
import { PredictionResult } from "./prediction-result";

/** Radix Select has no empty value; this one stands for "missing". */
const MISSING = "__missing__";

/** A form with one field per input column of the model, typed by the column's kind. */
export function TryItForm({
  columns,
  onPredict,
  pending,
  result,
  error,
}: {
  columns: SignatureColumn[];
  onPredict: (record: Record<string, unknown>) => void;
  pending: boolean;
  result: PredictResponse | undefined;
  error: unknown;
}) {
  const [values, setValues] = useState<FormValues>(() => exampleValues(columns));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (name: string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => (name in current ? Object.fromEntries(Object.entries(current).filter(([key]) => key !== name)) : current));
  };

  const submit = (event: React.SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateAll(columns, values);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.querySelector<HTMLElement>(`[data-column="${CSS.escape(first)}"]`)?.focus();
      return;
    }
    onPredict(toRecord(columns, values));
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form onSubmit={submit} noValidate aria-label="Try it" className="grid content-start gap-4">
        <div className="grid gap-4 sm:grid-cols-2">
          {columns.map((column) => (
            <ColumnField key={column.name} column={column} value={values[column.name] ?? ""} error={errors[column.name]} onChange={(value) => set(column.name, value)} />
          ))}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" pending={pending}>
            <FlaskConical aria-hidden="true" />
            Predict
          </Button>
          <Button type="button" variant="outline" onClick={() => setValues(emptyValues(columns))}>
            Clear
          </Button>
        </div>
      </form>
      <div aria-live="polite" className="grid content-start gap-3">
        {error ? <ProblemAlert error={error} /> : result ? <PredictionResult result={result} /> : <p className="text-sm text-muted-foreground">Fill in the fields and press Predict. Blank fields are sent as missing values.</p>}
      </div>
    </div>
  );
}

function ColumnField({ column, value, error, onChange }: { column: SignatureColumn; value: string; error: string | undefined; onChange: (value: string) => void }) {
  const label = (
    <>
      {column.name} <span className="font-normal text-muted-foreground">· {KIND_LABELS[column.kind]}</span>
    </>
  );
  if (column.kind === "categorical" || column.kind === "boolean") {
    const options: [string, string][] = column.kind === "boolean" ? [["true", "Yes"], ["false", "No"]] : column.categories.map((category) => [category, category]);
    return (
      <FormField label={label} error={error}>
        {(field) => (
          <Select value={value === "" ? MISSING : value} onValueChange={(next) => onChange(next === MISSING ? "" : next)}>
            <SelectTrigger {...field} className="w-full" data-column={column.name}>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={MISSING}>
                <span className="text-muted-foreground">(missing)</span>
              </SelectItem>
              {options.map(([optionValue, optionLabel]) => (
                <SelectItem key={optionValue} value={optionValue}>
                  {optionLabel}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
    );
  }
  return (
    <FormField label={label} error={error}>
      {(field) => (
        <Input
          {...field}
         
          data-column={column.name}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          type={column.kind === "datetime" ? "datetime-local" : "text"}
          inputMode={column.kind === "numeric" ? "decimal" : undefined}
          placeholder={column.kind === "numeric" ? "e.g. 42 (blank = missing)" : column.kind === "text" ? "blank = missing" : undefined}
          autoComplete="off"
        />
      )}
    </FormField>
  );
}
