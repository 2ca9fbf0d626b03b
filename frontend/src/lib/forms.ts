import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ApiProblem } from "@/lib/api";

/**
 * Puts a problem's field errors (`errors[].loc`) on the matching form fields.
 * Returns true when at least one field received an error.
 */
export function applyProblemToForm<T extends FieldValues>(
  problem: ApiProblem,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): boolean {
  const fieldErrors = problem.fieldErrors();
  let applied = false;
  for (const field of fields) {
    const message = fieldErrors[field];
    if (message) {
      setError(field, { type: "server", message }, { shouldFocus: !applied });
      applied = true;
    }
  }
  return applied;
}
