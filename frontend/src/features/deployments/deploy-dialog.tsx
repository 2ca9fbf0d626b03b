import { useNavigate } from "@tanstack/react-router";
import { Rocket } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { toProblem } from "@/lib/api";
import type { UnseenCategories } from "@/lib/api/deployments";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { useCreateDeployment } from "./queries";

interface Values {
  name: string;
  unseen_categories: UnseenCategories;
}

/** Puts a model version behind a prediction endpoint, then opens its page (with the try-it form). */
export function DeployDialog({ workspaceId, versionId, defaultName }: { workspaceId: string; versionId: string; defaultName: string }) {
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);
  const create = useCreateDeployment(workspaceId);
  const navigate = useNavigate();
  const form = useForm<Values>({ defaultValues: { name: defaultName.slice(0, 200), unseen_categories: "accept" } });
  const { errors } = form.formState;
  const unseen = useWatch({ control: form.control, name: "unseen_categories" });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const deployment = await create.mutateAsync({ name: values.name.trim(), model_version_id: versionId, unseen_categories: values.unseen_categories });
      notifySuccess(`Deployed as “${deployment.name}”`, "Try a prediction below.");
      setOpen(false);
      await navigate({ to: "/w/$workspaceId/deployments/$deploymentId", params: { workspaceId, deploymentId: deployment.id } });
    } catch (error) {
      const problem = toProblem(error);
      if (!applyProblemToForm(problem, form.setError, ["name"])) setFormError(problem);
      notifyProblem(problem, "Could not deploy");
    }
  });

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Rocket aria-hidden="true" />
          Deploy
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Deploy this version</DialogTitle>
          <DialogDescription>It gets a prediction endpoint at once. You can try it from the browser, send files, or call it with an API key.</DialogDescription>
        </DialogHeader>
        <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4" aria-label="Deploy">
          <ProblemAlert error={formError} />
          <FormField label="Deployment name" error={errors.name?.message}>
            {(field) => <Input {...field} autoFocus {...form.register("name", { required: "Name the deployment.", maxLength: { value: 200, message: "At most 200 characters." } })} />}
          </FormField>
          <FormField
            label="Categories never seen in training"
            description={unseen === "accept" ? "Scored as unknown, with a warning in the response." : "The request is refused (422)."}
          >
            {(field) => (
              <Select value={unseen} onValueChange={(value) => form.setValue("unseen_categories", value as UnseenCategories)}>
                <SelectTrigger {...field} className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="accept">Accept with a warning</SelectItem>
                  <SelectItem value="reject">Reject the request</SelectItem>
                </SelectContent>
              </Select>
            )}
          </FormField>
          <DialogFooter>
            <Button type="submit" pending={create.isPending}>
              {create.isPending ? "Deploying…" : "Deploy"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
