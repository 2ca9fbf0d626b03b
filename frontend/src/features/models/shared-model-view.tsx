import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { Rocket } from "lucide-react";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { workspacesQueryOptions } from "@/features/workspaces/queries";
import type { ModelVersionSummary, RegisteredModel } from "@/lib/api/models";
import { formatRelative } from "@/lib/format";
import { formatScore, headlineScore, metricLabel } from "./metrics";
import { sharedVersionQueryOptions, sharedVersionsQueryOptions } from "./queries";
import { parseSignature } from "./signature";
import { SignatureTable } from "./signature-table";
import { StageBadge } from "./stage-badge";
import { VersionMetrics } from "./version-metrics";

/**
 * A model another workspace shared with this one: its versions, the selected version's
 * metrics and input columns. Read-only; deploying happens in the owning workspace because a
 * deployment serves a version of its own workspace (the API answers 404 otherwise). The owner
 * comes from the model itself (`workspace_id`, `workspace_name`); members of that workspace get a
 * link to deploy it there, everyone else is told whom to ask.
 */
export function SharedModelView({
  workspaceId,
  model,
  selectedVersionId,
}: {
  workspaceId: string;
  model: RegisteredModel;
  selectedVersionId: string | undefined;
}) {
  const versions = useQuery(sharedVersionsQueryOptions(workspaceId, model.id));
  const selectedId = selectedVersionId ?? model.latest_version?.id;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Versions</CardTitle>
          <CardDescription>Every version of the model, read-only. Select one to see its metrics and input columns.</CardDescription>
        </CardHeader>
        <CardContent>
          {versions.isPending ? (
            <Skeleton className="h-24 w-full" />
          ) : versions.isError ? (
            <ProblemAlert error={versions.error} />
          ) : versions.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">This model has no versions yet.</p>
          ) : (
            <SharedVersionsTable workspaceId={workspaceId} modelId={model.id} versions={versions.data} selectedId={selectedId} />
          )}
        </CardContent>
      </Card>
      {selectedId && <SharedVersionDetails workspaceId={workspaceId} versionId={selectedId} />}
      <Card>
        <CardHeader>
          <CardTitle>Deploying</CardTitle>
          <CardDescription>A deployment serves a model version of its own workspace, so a shared model cannot be deployed here.</CardDescription>
        </CardHeader>
        <CardContent>
          <DeployFromOwner model={model} />
        </CardContent>
      </Card>
    </div>
  );
}

/** "Deploy it from <owner>" for members of the owning workspace (the cached workspaces list), else whom to ask. */
function DeployFromOwner({ model }: { model: RegisteredModel }) {
  const workspaces = useQuery(workspacesQueryOptions());
  if (workspaces.isPending) return <Skeleton role="status" aria-label="Checking your workspaces" className="h-9 w-56" />;
  // If the list cannot be read, membership is unknown: saying whom to ask stays true either way.
  const membership = workspaces.data?.find((workspace) => workspace.id === model.workspace_id);
  const ownerName = model.workspace_name || membership?.name;
  if (membership) {
    return (
      <Button asChild variant="outline">
        <Link to="/w/$workspaceId/models/$modelId" params={{ workspaceId: model.workspace_id, modelId: model.id }} search={{}}>
          <Rocket aria-hidden="true" />
          Deploy it from {ownerName}
        </Link>
      </Button>
    );
  }
  return (
    <p className="text-sm text-muted-foreground">
      Ask {ownerName ? `a member of ${ownerName}` : "a member of the owning workspace"} to deploy it there and give you an API key for its deployment.
    </p>
  );
}

function SharedVersionsTable({
  workspaceId,
  modelId,
  versions,
  selectedId,
}: {
  workspaceId: string;
  modelId: string;
  versions: ModelVersionSummary[];
  selectedId: string | undefined;
}) {
  return (
    <Table aria-label="Versions">
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead>Stage</TableHead>
          <TableHead className="text-right">Score</TableHead>
          <TableHead className="hidden sm:table-cell">Algorithm</TableHead>
          <TableHead className="hidden md:table-cell">Trained</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {versions.map((version) => {
          const score = headlineScore(version.metrics, version.metric);
          const selected = version.id === selectedId;
          return (
            <TableRow key={version.id} data-state={selected ? "selected" : undefined}>
              <TableCell>
                <Link
                  to="/w/$workspaceId/shared-models/$modelId"
                  params={{ workspaceId, modelId }}
                  search={{ version: version.id }}
                  aria-current={selected ? "true" : undefined}
                  className="font-medium underline-offset-4 hover:underline focus-visible:underline"
                >
                  Version {version.number}
                </Link>
              </TableCell>
              <TableCell>
                <StageBadge stage={version.stage} />
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums" title={`${metricLabel(version.metric)} on the ${score.source} rows`}>
                {formatScore(score.value)} <span className="text-xs text-muted-foreground">{metricLabel(version.metric)}</span>
              </TableCell>
              <TableCell className="hidden sm:table-cell">{version.algorithm}</TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{formatRelative(version.created_at)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

function SharedVersionDetails({ workspaceId, versionId }: { workspaceId: string; versionId: string }) {
  const version = useQuery(sharedVersionQueryOptions(workspaceId, versionId));
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Metrics{version.data && ` · version ${version.data.number}`}</CardTitle>
          {version.data && (
            <CardDescription>
              {version.data.algorithm} · predicts {version.data.target}
            </CardDescription>
          )}
        </CardHeader>
        <CardContent>
          {version.isPending ? <Skeleton className="h-32 w-full" /> : version.isError ? <ProblemAlert error={version.error} /> : <VersionMetrics version={version.data} />}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Input columns</CardTitle>
          <CardDescription>What a prediction needs.</CardDescription>
        </CardHeader>
        <CardContent>
          {version.isPending ? (
            <Skeleton className="h-32 w-full" />
          ) : version.isError ? (
            <ProblemAlert error={version.error} />
          ) : (
            <SignatureTable columns={parseSignature(version.data.signature).columns} />
          )}
        </CardContent>
      </Card>
    </div>
  );
}
