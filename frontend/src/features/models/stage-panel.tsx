import { useQuery } from "@tanstack/react-query";
import { ArrowRight } from "lucide-react";
import { useState } from "react";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { ModelVersion, Stage } from "@/lib/api/models";
import { formatDateTime } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { STAGE_LABELS, STAGES } from "./metrics";
import { stageHistoryQueryOptions, useChangeStage } from "./queries";
import { StageBadge } from "./stage-badge";

export function StagePanel({ workspaceId, version, canWrite }: { workspaceId: string; version: ModelVersion; canWrite: boolean }) {
  return (
    <div className="grid gap-5">
      {canWrite && <ChangeStageForm key={version.stage} workspaceId={workspaceId} version={version} />}
      <StageHistory workspaceId={workspaceId} versionId={version.id} />
    </div>
  );
}

function ChangeStageForm({ workspaceId, version }: { workspaceId: string; version: ModelVersion }) {
  const [stage, setStage] = useState<Stage>(version.stage);
  const [comment, setComment] = useState("");
  const change = useChangeStage(workspaceId, version.id);

  const submit = async (event: React.SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      await change.mutateAsync({ stage, comment: comment.trim() });
      notifySuccess(`Version ${version.number} moved to ${STAGE_LABELS[stage].toLowerCase()}`);
      setComment("");
    } catch (error) {
      notifyProblem(error, "Could not change the stage");
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-3 sm:grid-cols-2 sm:items-end" aria-label="Change stage">
      <FormField label="Stage">
        {(field) => (
          <Select value={stage} onValueChange={(value) => setStage(value as Stage)}>
            <SelectTrigger {...field} className="w-full">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {STAGES.map((option) => (
                <SelectItem key={option} value={option}>
                  {STAGE_LABELS[option]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormField label="Comment (optional)">
        {(field) => <Input {...field} value={comment} maxLength={500} onChange={(event) => setComment(event.target.value)} placeholder="Why this change?" />}
      </FormField>
      <Button type="submit" pending={change.isPending} disabled={stage === version.stage} className="sm:col-span-2 sm:justify-self-start">
        Change stage
      </Button>
      {change.isError && <ProblemAlert error={change.error} className="sm:col-span-2" />}
    </form>
  );
}

function StageHistory({ workspaceId, versionId }: { workspaceId: string; versionId: string }) {
  const history = useQuery(stageHistoryQueryOptions(workspaceId, versionId));
  if (history.isPending) return <Skeleton className="h-16 w-full" />;
  if (history.isError) return <ProblemAlert error={history.error} />;
  if (history.data.length === 0) return <p className="text-sm text-muted-foreground">No stage changes yet. New versions start with no stage.</p>;
  return (
    <ol className="grid gap-3" aria-label="Stage history">
      {history.data.map((change) => (
        <li key={change.id} className="grid gap-1 border-l-2 pl-3 text-sm">
          <div className="flex flex-wrap items-center gap-2">
            <StageBadge stage={change.from_stage} />
            <ArrowRight className="size-3 text-muted-foreground" aria-label="to" />
            <StageBadge stage={change.to_stage} />
            <span className="text-xs text-muted-foreground">{formatDateTime(change.created_at)}</span>
          </div>
          {change.comment && <p className="text-muted-foreground">“{change.comment}”</p>}
        </li>
      ))}
    </ol>
  );
}
