import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { toProblem, type Workspace } from "@/lib/api";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { useDeleteWorkspace, useUpdateWorkspace } from "./queries";
import { canManageMembers } from "./roles";

interface Values {
  name: string;
  description: string;
}

export function WorkspaceGeneralPanel({ workspace }: { workspace: Workspace }) {
  return (
    <>
      <WorkspaceDetailsCard workspace={workspace} />
      {workspace.role === "owner" && <DeleteWorkspaceCard workspace={workspace} />}
    </>
  );
}

function WorkspaceDetailsCard({ workspace }: { workspace: Workspace }) {
  const update = useUpdateWorkspace(workspace.id);
  const editable = canManageMembers(workspace.role);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({ values: { name: workspace.name, description: workspace.description } });
  const { errors, isDirty } = form.formState;

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const saved = await update.mutateAsync({ name: values.name.trim(), description: values.description.trim() });
      notifySuccess("Workspace saved", saved.name);
    } catch (error) {
      const problem = toProblem(error);
      if (!applyProblemToForm(problem, form.setError, ["name", "description"])) setFormError(problem);
      notifyProblem(problem, "Could not save the workspace");
    }
  });

  return (
    <Card>
      <CardHeader>
        <CardTitle>Workspace</CardTitle>
        <CardDescription>{editable ? "How this workspace appears to its members." : "Only owners and admins can change these."}</CardDescription>
      </CardHeader>
      <form onSubmit={onSubmit} noValidate aria-label="Workspace details" className="grid gap-6">
        <CardContent className="grid gap-4">
          <ProblemAlert error={formError} />
          <FormField label="Name" error={errors.name?.message}>
            {(field) => (
              <Input
                {...field}
                readOnly={!editable}
                maxLength={100}
                {...form.register("name", { validate: (value) => value.trim().length > 0 || "Give the workspace a name." })}
              />
            )}
          </FormField>
          <FormField label="Description" error={errors.description?.message} description="Optional. What the team works on here.">
            {(field) => <Input {...field} readOnly={!editable} maxLength={1000} {...form.register("description")} />}
          </FormField>
        </CardContent>
        {editable && (
          <CardFooter className="justify-end">
            <Button type="submit" pending={update.isPending} disabled={!isDirty}>
              {update.isPending ? "Saving…" : "Save"}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}

function DeleteWorkspaceCard({ workspace }: { workspace: Workspace }) {
  const remove = useDeleteWorkspace(workspace.id);
  const navigate = useNavigate();
  const onDelete = async () => {
    try {
      await remove.mutateAsync();
    } catch (error) {
      notifyProblem(error, "Could not delete the workspace");
      return false;
    }
    notifySuccess(`Workspace “${workspace.name}” deleted`);
    await navigate({ to: "/" });
    return true;
  };
  return (
    <Card className="border-destructive/40">
      <CardHeader>
        <CardTitle>Delete workspace</CardTitle>
        <CardDescription>Deletes its datasets, models and deployments for every member. This cannot be undone.</CardDescription>
      </CardHeader>
      <CardFooter className="justify-end">
        <ConfirmDialog
          trigger={<Button variant="destructive">Delete workspace</Button>}
          title={`Delete ${workspace.name}?`}
          description="Everything in it is deleted for all members. This cannot be undone."
          confirmLabel="Delete workspace"
          onConfirm={onDelete}
        />
      </CardFooter>
    </Card>
  );
}
