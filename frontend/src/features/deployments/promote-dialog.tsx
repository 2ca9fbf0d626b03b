import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ArrowUpCircle } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { formatScore, headlineScore, metricLabel } from "@/features/models/metrics";
import { modelVersionsQueryOptions } from "@/features/models/queries";
import { StageBadge } from "@/features/models/stage-badge";
import { toProblem } from "@/lib/api";
import type { Deployment } from "@/lib/api/deployments";
import type { ModelVersionSummary } from "@/lib/api/models";
import { formatRelative } from "@/lib/format";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { usePromote } from "./queries";

interface Values {
  versionId: string;
  comment: string;
}

/** Serve another version of the same model; the server loads it before switching. */
export function PromoteDialog({ workspaceId, deployment, servedNumber }: { workspaceId: string; deployment: Deployment; servedNumber: number | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <ArrowUpCircle aria-hidden="true" />
          Promote a version
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Promote a version</DialogTitle>
          <DialogDescription>
            {deployment.name} serves {servedNumber === undefined ? "a version" : `version ${servedNumber}`} now. The version you pick is loaded first; requests in
            flight finish on the current one, and you can roll back afterwards.
          </DialogDescription>
        </DialogHeader>
        {open && <PromoteForm workspaceId={workspaceId} deployment={deployment} onDone={() => setOpen(false)} />}
      </DialogContent>
    </Dialog>
  );
}

function PromoteForm({ workspaceId, deployment, onDone }: { workspaceId: string; deployment: Deployment; onDone: () => void }) {
  const versions = useQuery(modelVersionsQueryOptions(workspaceId, deployment.model_id));
  if (versions.isPending) return <Skeleton className="h-32 w-full" />;
  if (versions.isError) return <ProblemAlert error={versions.error} />;
  const others = versions.data.filter((version) => version.id !== deployment.model_version_id).sort((a, b) => b.number - a.number);
  if (others.length === 0) {
    return (
      <p className="text-sm text-muted-foreground">
        This model has no other version yet. Train it again (same dataset and target, same model name) to get one, or{" "}
        <Link
          to="/w/$workspaceId/models/$modelId"
          params={{ workspaceId, modelId: deployment.model_id }}
          search={{}}
          className="text-foreground underline underline-offset-4"
        >
          open the model
        </Link>
        .
      </p>
    );
  }
  return <PromoteFields workspaceId={workspaceId} deploymentId={deployment.id} versions={others} onDone={onDone} />;
}

function PromoteFields({ workspaceId, deploymentId, versions, onDone }: { workspaceId: string; deploymentId: string; versions: ModelVersionSummary[]; onDone: () => void }) {
  const promote = usePromote(workspaceId, deploymentId);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({ defaultValues: { versionId: versions[0]?.id ?? "", comment: "" } });
  const versionId = useWatch({ control: form.control, name: "versionId" });
  const chosen = versions.find((version) => version.id === versionId);
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async ({ versionId, comment }) => {
    setFormError(null);
    try {
      await promote.mutateAsync({ model_version_id: versionId, comment: comment.trim() });
      notifySuccess(`Now serving version ${chosen?.number ?? ""}`.trim(), "The change is in the revisions; roll back if it misbehaves.");
      onDone();
    } catch (error) {
      const problem = toProblem(error);
      if (!applyProblemToForm(problem, form.setError, ["comment"])) setFormError(problem);
      notifyProblem(problem, "Could not promote");
    }
  });

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4" aria-label="Promote a version">
      <ProblemAlert error={formError} />
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Version to serve</legend>
        <div className="grid max-h-72 gap-2 overflow-y-auto">
          {versions.map((version) => {
            const score = headlineScore(version.metrics, version.metric);
            return (
              <label
                key={version.id}
                className="flex cursor-pointer items-start gap-3 rounded-md border p-3 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5 has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50"
              >
                <input type="radio" value={version.id} className="mt-0.5 size-4 accent-primary" {...form.register("versionId", { required: "Choose a version." })} />
                <span className="grid min-w-0 flex-1 gap-1">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">Version {version.number}</span>
                    <StageBadge stage={version.stage} />
                  </span>
                  <span className="text-muted-foreground">
                    <span className="tabular-nums">{formatScore(score.value)}</span> {metricLabel(version.metric)}
                    {score.source && ` (${score.source})`} · {version.algorithm} · trained {formatRelative(version.created_at)}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
        {errors.versionId && <p className="text-sm text-destructive">{errors.versionId.message}</p>}
      </fieldset>
      <FormField label="Comment (optional)" error={errors.comment?.message} description="Why you promote it; kept with the revision.">
        {(field) => <Input {...field} autoComplete="off" maxLength={500} {...form.register("comment", { maxLength: { value: 500, message: "At most 500 characters." } })} />}
      </FormField>
      <DialogFooter>
        <Button type="submit" pending={promote.isPending} disabled={!chosen}>
          {promote.isPending ? "Promoting…" : chosen ? `Promote version ${chosen.number}` : "Promote"}
        </Button>
      </DialogFooter>
    </form>
  );
}
