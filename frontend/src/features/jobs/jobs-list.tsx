import { Link } from "@tanstack/react-router";
import { Database, GraduationCap } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { buttonVariants } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/features/training/wizard";
import type { TrainingJob } from "@/lib/api";
import { formatRelative } from "@/lib/format";
import { JobStatusBadge } from "./job-status-badge";
import { isJobActive } from "./queries";

const scoreFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

export function JobsList({ jobs, workspaceId }: { jobs: TrainingJob[]; workspaceId: string }) {
  return (
    <Table aria-label="Training jobs">
      <TableHeader>
        <TableRow>
          <TableHead>Target</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Trials</TableHead>
          <TableHead className="hidden text-right md:table-cell">Best score</TableHead>
          <TableHead className="hidden md:table-cell">Budget</TableHead>
          <TableHead className="hidden lg:table-cell">Started</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {jobs.map((job) => (
          <TableRow key={job.id}>
            <TableCell className="max-w-[10rem] sm:max-w-xs">
              <Link
                to="/w/$workspaceId/jobs/$jobId"
                params={{ workspaceId, jobId: job.id }}
                className="block truncate rounded-sm font-mono font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
              >
                {job.target}
              </Link>
              <p className="truncate text-xs text-muted-foreground">{job.metric === "auto" ? "automatic metric" : job.metric}</p>
            </TableCell>
            <TableCell>
              <div className="flex min-w-24 flex-col gap-1">
                <JobStatusBadge status={job.status} cancelRequested={job.cancel_requested} />
                {isJobActive(job) && job.status === "running" && <Progress value={Math.round(job.progress * 100)} label={`Progress of ${job.target}`} className="h-1.5 w-20" />}
              </div>
            </TableCell>
            <TableCell className="hidden text-right tabular-nums sm:table-cell">{job.trials}</TableCell>
            <TableCell className="hidden text-right tabular-nums md:table-cell">{job.best_score === null ? "—" : scoreFormat.format(job.best_score)}</TableCell>
            <TableCell className="hidden md:table-cell">{formatDuration(job.time_budget_s)}</TableCell>
            <TableCell className="hidden text-muted-foreground lg:table-cell">{formatRelative(job.started_at ?? job.created_at)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function JobsEmptyState({ workspaceId, canWrite, hasDatasets }: { workspaceId: string; canWrite: boolean; hasDatasets: boolean }) {
  return (
    <EmptyState
      icon={GraduationCap}
      title="No training jobs yet"
      description={<p>{hasDatasets ? "Pick a dataset and a column to predict; Modelyard tries many models and keeps the best." : "Training needs a dataset first. Import a sample dataset or upload your own table."}</p>}
    >
      {hasDatasets ? (
        canWrite && (
          <Link to="/w/$workspaceId/train" params={{ workspaceId }} className={buttonVariants()}>
            <GraduationCap aria-hidden="true" />
            Train a model
          </Link>
        )
      ) : (
        <Link to="/w/$workspaceId/datasets" params={{ workspaceId }} className={buttonVariants()}>
          <Database aria-hidden="true" />
          Import a sample dataset
        </Link>
      )}
    </EmptyState>
  );
}
