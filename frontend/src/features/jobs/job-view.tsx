import { useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { CheckCircle2, CircleSlash, Radio, XCircle } from "lucide-react";
import { useEffect, useRef } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { formatDuration } from "@/features/training/wizard";
import type { TrainingJob } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { cn } from "@/lib/utils";
import { type JobLiveState, liveProgress } from "./job-events";
import { JobStatusBadge } from "./job-status-badge";
import { TERMINAL_STATUSES, jobKeys, useCancelJob } from "./queries";
import { TrialsChart } from "./trials-chart";
import type { StreamStatus } from "./use-job-events";

const scoreFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

const STREAM_LABELS: Record<StreamStatus, string> = {
  idle: "Not connected",
  connecting: "Connecting…",
  open: "Live",
  reconnecting: "Reconnecting… (updating every few seconds meanwhile)",
  failed: "Live updates unavailable; updating every few seconds",
  closed: "Finished",
  unsupported: "Updating every few seconds",
};

interface JobViewProps {
  workspaceId: string;
  job: TrainingJob;
  live: JobLiveState;
  stream: StreamStatus;
  canCancel: boolean;
}

/** Status, progress, trials and logs of one training job, live while it runs. */
export function JobView({ workspaceId, job, live, stream, canCancel }: JobViewProps) {
  const queryClient = useQueryClient();
  const cancel = useCancelJob(workspaceId);
  // The stored job is the truth once it has finished; while it runs, the live stream is newer.
  const finished = TERMINAL_STATUSES.has(job.status);
  const status = finished ? job.status : (live.status ?? job.status);
  const liveFinished = TERMINAL_STATUSES.has(status);

  // When the stream reports the end, re-read the job for its model version, timings and error.
  const refreshed = useRef(false);
  useEffect(() => {
    if (liveFinished && !finished && !refreshed.current) {
      refreshed.current = true;
      void queryClient.invalidateQueries({ queryKey: jobKeys.detail(workspaceId, job.id) });
      void queryClient.invalidateQueries({ queryKey: jobKeys.all(workspaceId), exact: true });
    }
  }, [finished, liveFinished, job.id, queryClient, workspaceId]);

  const progress = status === "succeeded" ? 1 : liveFinished ? job.progress : liveProgress(job.progress, live.elapsedS, job.time_budget_s);
  const trials = Math.max(job.trials, live.trialCount);
  const best = live.bestScore ?? job.best_score;
  const message =
    status === "queued" ? "Waiting for a worker" : liveFinished ? (job.progress_message || status) : live.trialCount > job.trials ? `${live.trialCount} models tried` : job.progress_message || "Starting";
  const percent = Math.round(progress * 100);

  return (
    <div className="grid gap-6">
      <Card className="gap-4">
        <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1.5">
            <CardTitle className="flex items-center gap-2">
              Progress <JobStatusBadge status={status} cancelRequested={job.cancel_requested && !liveFinished} />
            </CardTitle>
            <CardDescription className="flex items-center gap-1.5">
              <Radio className={cn("size-3.5", stream === "open" ? "text-success" : "text-muted-foreground")} aria-hidden="true" />
              <span data-testid="stream-status">{STREAM_LABELS[stream]}</span>
            </CardDescription>
          </div>
          {canCancel && !liveFinished && (
            <ConfirmDialog
              trigger={
                <Button variant="outline" disabled={job.cancel_requested}>
                  <CircleSlash aria-hidden="true" />
                  {job.cancel_requested ? "Cancelling…" : "Cancel training"}
                </Button>
              }
              title="Cancel this training job?"
              description="The search stops within a few seconds and no model is registered. You can start a new job at any time."
              confirmLabel="Cancel training"
              onConfirm={async () => {
                try {
                  await cancel.mutateAsync(job.id);
                  notifySuccess("Cancelling the training job");
                  return true;
                } catch (error) {
                  notifyProblem(error, "Could not cancel");
                  return false;
                }
              }}
            />
          )}
        </CardHeader>
        <CardContent className="grid gap-3">
          <Progress value={status === "queued" ? null : percent} label="Training progress" valueText={`${percent}%: ${message}`} />
          <div className="flex flex-wrap justify-between gap-x-4 gap-y-1 text-sm">
            <span aria-live="polite" data-testid="job-progress-message">
              {message}
            </span>
            <span className="text-muted-foreground tabular-nums">{percent}%</span>
          </div>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4">
            <Stat label="Models tried" value={String(trials)} />
            <Stat label={`Best ${job.metric === "auto" ? "score" : job.metric}`} value={best === null ? "—" : scoreFormat.format(best)} />
            <Stat label="Elapsed" value={live.elapsedS !== null ? `${formatDuration(live.elapsedS)} of ${formatDuration(job.time_budget_s)}` : formatDuration(job.time_budget_s) + " budget"} />
            <Stat label="Started" value={job.started_at ? formatDateTime(job.started_at) : "—"} />
          </dl>
        </CardContent>
      </Card>

      <Outcome workspaceId={workspaceId} job={job} status={status} live={live} />

      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Trials</CardTitle>
            <CardDescription>Each dot is a candidate model&apos;s validation score.</CardDescription>
          </CardHeader>
          <CardContent>
            <TrialsChart trials={live.trials} metric={job.metric} />
          </CardContent>
        </Card>
        <Card className="gap-3">
          <CardHeader>
            <CardTitle>Log</CardTitle>
          </CardHeader>
          <CardContent>
            {live.logs.length === 0 ? (
              <p className="text-sm text-muted-foreground">No log lines yet.</p>
            ) : (
              <div role="log" aria-label="Training log" className="max-h-72 overflow-y-auto rounded-md bg-muted/50 p-3 font-mono text-xs" tabIndex={0}>
                <ol className="grid gap-1">
                  {live.logs.map((line) => (
                    <li key={line.id} className={cn(line.kind === "error" && "text-destructive", line.kind === "state" && "font-semibold")}>
                      {line.message}
                    </li>
                  ))}
                </ol>
              </div>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="truncate font-medium tabular-nums">{value}</dd>
    </div>
  );
}

function Outcome({ workspaceId, job, status, live }: { workspaceId: string; job: TrainingJob; status: string; live: JobLiveState }) {
  if (status === "succeeded") {
    const versionId = job.model_version_id ?? live.modelVersionId;
    const modelId = live.modelId;
    return (
      <Alert className="border-success/40">
        <CheckCircle2 className="text-success" aria-hidden="true" />
        <AlertTitle>The best model is ready</AlertTitle>
        <AlertDescription>
          <p>
            Modelyard tried {Math.max(job.trials, live.trialCount)} models and registered the best one{job.best_score !== null ? ` (${job.metric === "auto" ? "validation score" : job.metric} ${scoreFormat.format(job.best_score)})` : ""}.
          </p>
          {versionId && modelId ? (
            <Link to="/w/$workspaceId/models/$modelId/versions/$versionId" params={{ workspaceId, modelId, versionId }} className={cn(buttonVariants({ size: "sm" }), "mt-2")}>
              Open the model version
            </Link>
          ) : (
            <Link to="/w/$workspaceId/models" params={{ workspaceId }} className={cn(buttonVariants({ size: "sm" }), "mt-2")}>
              Open models
            </Link>
          )}
        </AlertDescription>
      </Alert>
    );
  }
  if (status === "failed") {
    return (
      <Alert variant="destructive">
        <XCircle aria-hidden="true" />
        <AlertTitle>Training failed{job.error_code ? ` (${job.error_code})` : ""}</AlertTitle>
        <AlertDescription>
          <p>{job.error_message ?? live.errorMessage ?? "The job stopped with an error."}</p>
          <p>Check the log below, change the options (for example leave out a column or give it more time) and train again.</p>
        </AlertDescription>
      </Alert>
    );
  }
  if (status === "cancelled") {
    return (
      <Alert>
        <CircleSlash aria-hidden="true" />
        <AlertTitle>Training cancelled</AlertTitle>
        <AlertDescription>
          <p>No model was registered from this job.</p>
        </AlertDescription>
      </Alert>
    );
  }
  return null;
}
