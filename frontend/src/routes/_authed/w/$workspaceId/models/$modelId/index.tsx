import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { GitCompare, Trash2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { PageSkeleton } from "@/components/route-status";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { parseLeaderboard } from "@/features/models/leaderboard";
import { LeaderboardTable } from "@/features/models/leaderboard-table";
import { formatScore, headlineScore, metricLabel, taskLabel } from "@/features/models/metrics";
import { modelQueryOptions, modelVersionQueryOptions, modelVersionsQueryOptions, useDeleteModel } from "@/features/models/queries";
import { SharePanel } from "@/features/models/share-panel";
import { StageBadge } from "@/features/models/stage-badge";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import type { ModelVersionSummary } from "@/lib/api/models";
import { formatRelative } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { ignoreError } from "@/lib/query-client";
import { cn } from "@/lib/utils";

interface ModelSearch {
  version?: string | undefined;
}

export const Route = createFileRoute("/_authed/w/$workspaceId/models/$modelId/")({
  validateSearch: (search: Record<string, unknown>): ModelSearch => ({
    version: typeof search.version === "string" ? search.version : undefined,
  }),
  loader: async ({ context, params }) => {
    void context.queryClient.query(modelVersionsQueryOptions(params.workspaceId, params.modelId)).catch(ignoreError);
    const model = await context.queryClient.query(modelQueryOptions(params.workspaceId, params.modelId));
    return { modelName: model.name };
  },
  head: ({ loaderData }) => ({ meta: [{ title: `${loaderData?.modelName ?? "Model"} · Modelyard` }] }),
  pendingComponent: PageSkeleton,
  component: ModelPage,
});

function ModelPage() {
  const { workspaceId, modelId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = useNavigate();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const { data: model } = useSuspenseQuery(modelQueryOptions(workspaceId, modelId));
  const versions = useQuery(modelVersionsQueryOptions(workspaceId, modelId));
  const remove = useDeleteModel(workspaceId);
  const canWrite = workspace.role !== "viewer";
  const canShare = workspace.role === "owner" || workspace.role === "admin";
  const selectedId = search.version ?? model.latest_version?.id;

  return (
    <>
      <PageHeader
        title={model.name}
        description={
          <>
            {taskLabel(model.task)}
            {model.latest_version && <> · predicts {model.latest_version.target}</>}
            {model.description && <> · {model.description}</>}
          </>
        }
        actions={
          canWrite ? (
            <ConfirmDialog
              trigger={
                <Button variant="outline">
                  <Trash2 aria-hidden="true" />
                  Delete
                </Button>
              }
              title={`Delete ${model.name}?`}
              description="Every version and its files are deleted. Deployments of this model stop working."
              confirmLabel="Delete model"
              onConfirm={async () => {
                try {
                  await remove.mutateAsync(model.id);
                  notifySuccess("Model deleted");
                  await navigate({ to: "/w/$workspaceId/models", params: { workspaceId } });
                  return true;
                } catch (error) {
                  notifyProblem(error, "Could not delete the model");
                  return false;
                }
              }}
            />
          ) : undefined
        }
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Versions</CardTitle>
            <CardDescription>Each training run of this model adds a version. Select two or more to compare them.</CardDescription>
          </CardHeader>
          <CardContent>
            {versions.isPending ? (
              <Skeleton className="h-24 w-full" />
            ) : versions.isError ? (
              <ProblemAlert error={versions.error} />
            ) : (
              <VersionsTable workspaceId={workspaceId} modelId={modelId} versions={versions.data} selectedId={selectedId} />
            )}
          </CardContent>
        </Card>
        {selectedId && <LeaderboardCard workspaceId={workspaceId} versionId={selectedId} />}
        <Card>
          <CardHeader>
            <CardTitle>Sharing</CardTitle>
            <CardDescription>Give another workspace read-only access to this model and all its versions.</CardDescription>
          </CardHeader>
          <CardContent>
            <SharePanel workspaceId={workspaceId} modelId={modelId} canShare={canShare} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}

function VersionsTable({ workspaceId, modelId, versions, selectedId }: { workspaceId: string; modelId: string; versions: ModelVersionSummary[]; selectedId: string | undefined }) {
  const [checked, setChecked] = useState<string[]>([]);
  const toggle = (id: string) => setChecked((current) => (current.includes(id) ? current.filter((item) => item !== id) : [...current, id].slice(-5)));
  return (
    <div className="grid gap-3">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead className="w-8">
              <span className="sr-only">Compare</span>
            </TableHead>
            <TableHead>Version</TableHead>
            <TableHead>Stage</TableHead>
            <TableHead className="text-right">Score</TableHead>
            <TableHead className="hidden sm:table-cell">Algorithm</TableHead>
            <TableHead className="hidden md:table-cell">Trained</TableHead>
            {/* Below sm the leaderboard link sits under the version's name, so that the row fits 375 px. */}
            <TableHead className="hidden w-px sm:table-cell">
              <span className="sr-only">Leaderboard</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {versions.map((version) => {
            const score = headlineScore(version.metrics, version.metric);
            return (
              <TableRow key={version.id} data-state={version.id === selectedId ? "selected" : undefined}>
                <TableCell>
                  <input
                    type="checkbox"
                    className="size-4 accent-primary"
                    checked={checked.includes(version.id)}
                    onChange={() => toggle(version.id)}
                    aria-label={`Compare version ${version.number}`}
                  />
                </TableCell>
                <TableCell>
                  <span className="grid justify-items-start gap-0.5">
                    <Link
                      to="/w/$workspaceId/models/$modelId/versions/$versionId"
                      params={{ workspaceId, modelId, versionId: version.id }}
                      className="font-medium whitespace-nowrap underline-offset-4 hover:underline focus-visible:underline"
                    >
                      Version {version.number}
                    </Link>
                    <LeaderboardLink version={version} className="sm:hidden" />
                  </span>
                </TableCell>
                <TableCell>
                  <StageBadge stage={version.stage} />
                </TableCell>
                <TableCell className="text-right whitespace-nowrap tabular-nums" title={`${metricLabel(version.metric)} on the ${score.source} rows`}>
                  {formatScore(score.value)}
                </TableCell>
                <TableCell className="hidden sm:table-cell">{version.algorithm}</TableCell>
                <TableCell className="hidden text-muted-foreground md:table-cell">{formatRelative(version.created_at)}</TableCell>
                <TableCell className="hidden sm:table-cell">
                  <LeaderboardLink version={version} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <div className="flex flex-wrap items-center gap-3">
        {checked.length >= 2 ? (
          <Button asChild variant="outline" size="sm">
            <Link to="/w/$workspaceId/models/$modelId/compare" params={{ workspaceId, modelId }} search={{ ids: checked.join(",") }}>
              <GitCompare aria-hidden="true" />
              Compare {checked.length} versions
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" disabled>
            <GitCompare aria-hidden="true" />
            Compare versions
          </Button>
        )}
        <span className="text-xs text-muted-foreground">{checked.length === 0 ? "Tick 2 to 5 versions to compare." : `${checked.length} selected`}</span>
      </div>
    </div>
  );
}

/** Shows the version's leaderboard in the card below the table (the page's ?version=). */
function LeaderboardLink({ version, className }: { version: ModelVersionSummary; className?: string }) {
  return (
    <Link
      from={Route.fullPath}
      to="."
      search={{ version: version.id }}
      className={cn("text-xs whitespace-nowrap text-muted-foreground underline-offset-4 hover:underline focus-visible:underline", className)}
      aria-label={`Show the leaderboard of version ${version.number}`}
    >
      Leaderboard
    </Link>
  );
}

function LeaderboardCard({ workspaceId, versionId }: { workspaceId: string; versionId: string }) {
  const version = useQuery(modelVersionQueryOptions(workspaceId, versionId));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Leaderboard{version.data && ` · version ${version.data.number}`}</CardTitle>
        <CardDescription>
          Every candidate the search tried, scored by cross-validation ({version.data ? metricLabel(version.data.metric) : "…"}, mean ± spread over folds).
          The deployed model is {version.data?.algorithm === "ensemble" ? "an ensemble of the best candidates" : "the best candidate"}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {version.isPending ? (
          <Skeleton className="h-40 w-full" />
        ) : version.isError ? (
          <ProblemAlert error={version.error} />
        ) : (
          <LeaderboardTable candidates={parseLeaderboard(version.data.leaderboard)} metric={version.data.metric} />
        )}
      </CardContent>
    </Card>
  );
}
