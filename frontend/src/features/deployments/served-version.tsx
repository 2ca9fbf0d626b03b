import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ProblemAlert } from "@/components/problem-alert";
import { Skeleton } from "@/components/ui/skeleton";
import { formatScore, headlineScore, metricLabel } from "@/features/models/metrics";
import { modelVersionQueryOptions, modelVersionsQueryOptions } from "@/features/models/queries";
import { StageBadge } from "@/features/models/stage-badge";
import type { Deployment, DeploymentRevision } from "@/lib/api/deployments";
import { formatDateTime } from "@/lib/format";
import { PromoteDialog } from "./promote-dialog";
import { revisionsQueryOptions, rollbackTarget } from "./queries";
import { RollbackDialog } from "./rollback-dialog";

const ACTIONS: Record<string, string> = { create: "Deployed", promote: "Promoted", rollback: "Rolled back" };

/** The version the deployment serves, promote and roll back, and the history of changes. */
export function ServedVersion({ workspaceId, deployment, canWrite }: { workspaceId: string; deployment: Deployment; canWrite: boolean }) {
  const version = useQuery(modelVersionQueryOptions(workspaceId, deployment.model_version_id));
  const revisions = useQuery(revisionsQueryOptions(workspaceId, deployment.id));
  const versions = useQuery(modelVersionsQueryOptions(workspaceId, deployment.model_id));
  const numbers = new Map((versions.data ?? []).map((item) => [item.id, item.number]));
  const targetId = revisions.data ? rollbackTarget(deployment, revisions.data) : null;
  const target = targetId === null ? null : { id: targetId, number: numbers.get(targetId) };
  const served = version.data;
  const score = served ? headlineScore(served.metrics, served.metric) : null;

  return (
    <div className="grid gap-6">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        {version.isPending ? (
          <Skeleton className="h-12 w-56" />
        ) : version.isError ? (
          <ProblemAlert error={version.error} />
        ) : (
          <div className="grid gap-1 text-sm" data-testid="served-version">
            <p className="flex flex-wrap items-center gap-2">
              <Link
                to="/w/$workspaceId/models/$modelId/versions/$versionId"
                params={{ workspaceId, modelId: version.data.model_id, versionId: version.data.id }}
                className="text-base font-semibold underline-offset-4 hover:underline focus-visible:underline"
              >
                Version {version.data.number}
              </Link>
              <StageBadge stage={version.data.stage} />
            </p>
            <p className="text-muted-foreground">
              {score && (
                <>
                  <span className="text-foreground tabular-nums">{formatScore(score.value)}</span> {metricLabel(version.data.metric)}
                  {score.source && ` (${score.source})`} ·{" "}
                </>
              )}
              {version.data.algorithm} · revision {deployment.revision}
            </p>
          </div>
        )}
        {canWrite && (
          <div className="flex flex-wrap gap-2">
            <PromoteDialog workspaceId={workspaceId} deployment={deployment} servedNumber={served?.number} />
            <RollbackDialog workspaceId={workspaceId} deployment={deployment} servedNumber={served?.number} target={revisions.isPending ? null : target} />
          </div>
        )}
      </div>
      <section aria-labelledby="revisions-title" className="grid gap-3">
        <h3 id="revisions-title" className="text-sm font-semibold">
          Revisions
        </h3>
        {revisions.isPending ? (
          <Skeleton className="h-12 w-full" />
        ) : revisions.isError ? (
          <ProblemAlert error={revisions.error} />
        ) : (
          <RevisionList revisions={revisions.data} current={deployment.revision} numbers={numbers} />
        )}
      </section>
    </div>
  );
}

/** `numbers` is empty until the model's versions load; a version missing after that belongs to another model. */
function versionName(numbers: Map<string, number>, id: string | null): string {
  if (id === null) return "no version";
  const number = numbers.get(id);
  if (number !== undefined) return `version ${number}`;
  return numbers.size === 0 ? "a version" : "a version of another model";
}

function RevisionList({ revisions, current, numbers }: { revisions: DeploymentRevision[]; current: number; numbers: Map<string, number> }) {
  return (
    <ol className="grid gap-2" aria-label="Revisions">
      {revisions.map((revision) => (
        <li key={revision.id} className="border-l-2 pl-3 text-sm data-[current]:border-primary" data-current={revision.number === current ? "" : undefined}>
          <span className="font-medium">Revision {revision.number}</span> · {ACTIONS[revision.action] ?? revision.action} {versionName(numbers, revision.model_version_id)}
          {revision.previous_version_id && <span className="text-muted-foreground"> (was {versionName(numbers, revision.previous_version_id)})</span>}
          {revision.number === current && <span className="text-muted-foreground"> · current</span>} ·{" "}
          <span className="text-muted-foreground">{formatDateTime(revision.created_at)}</span>
          {revision.comment && <p className="text-muted-foreground">“{revision.comment}”</p>}
        </li>
      ))}
    </ol>
  );
}
