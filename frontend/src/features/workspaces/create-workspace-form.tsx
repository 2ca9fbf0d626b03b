import { useState } from "react";
import { useForm } from "react-hook-form";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toProblem, type Workspace } from "@/lib/api";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { useCreateWorkspace } from "./queries";

interface Values {
  name: string;
}

export function CreateWorkspaceForm({ onCreated, autoFocus = true }: { onCreated: (workspace: Workspace) => void; autoFocus?: boolean }) {
  const create = useCreateWorkspace();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({ defaultValues: { name: "" } });

  const onSubmit = form.handleSubmit(async ({ name }) => {
    setFormError(null);
    try {
      const workspace = await create.mutateAsync(name.trim());
      notifySuccess(`Workspace “${workspace.name}” created`);
      onCreated(workspace);
    } catch (error) {
      const problem = toProblem(error);
      if (!applyProblemToForm(problem, form.setError, ["name"])) setFormError(problem);
      notifyProblem(problem, "Could not create the workspace");
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Create workspace">
      <ProblemAlert error={formError} />
      <FormField label="Workspace name" error={form.formState.errors.name?.message} description="Usually your team or project, e.g. “Churn analytics”.">
        {(field) => (
          <Input
            {...field}
            autoFocus={autoFocus}
            autoComplete="off"
            maxLength={100}
            {...form.register("name", {
              required: "Give the workspace a name.",
              validate: (value) => value.trim().length > 0 || "Give the workspace a name.",
            })}
          />
        )}
      </FormField>
      <Button type="submit" pending={create.isPending} className="justify-self-end">
        {create.isPending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
