import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { ProblemAlert } from "@/components/problem-alert";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RegisteredModel } from "@/lib/api/models";
import { formatScore, headlineScore, metricLabel, taskLabel } from "./metrics";
import { sharedModelsQueryOptions } from "./queries";
import { StageBadge } from "./stage-badge";

/** "Shared with this workspace": models other workspaces gave this one read-only access to. */
export function SharedModelsSection({ workspaceId }: { workspaceId: string }) {
  const shared = useQuery(sharedModelsQueryOptions(workspaceId));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Shared with this workspace</CardTitle>
        <CardDescription>Models other workspaces let you read: their versions, metrics and input columns. They stay in their own workspace.</CardDescription>
      </CardHeader>
      <CardContent>
        {shared.isPending ? (
          <div className="grid gap-3" role="status" aria-label="Loading shared models">
            <Skeleton className="h-10 w-full" />
          </div>
        ) : shared.isError ? (
          <ProblemAlert error={shared.error} />
        ) : shared.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No model is shared with this workspace yet. An owner or admin of another workspace can share one from the model’s page, under Sharing.
          </p>
        ) : (
          <SharedModelsTable workspaceId={workspaceId} models={shared.data} />
        )}
      </CardContent>
    </Card>
  );
}

function SharedModelsTable({ workspaceId, models }: { workspaceId: string; models: RegisteredModel[] }) {
  return (
    <Table aria-label="Shared models">
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Owned by</TableHead>
          <TableHead className="hidden sm:table-cell">Latest</TableHead>
          <TableHead className="text-right">Score</TableHead>
          <TableHead className="hidden md:table-cell">Stage</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {models.map((model) => {
          const latest = model.latest_version;
          const score = latest ? headlineScore(latest.metrics, latest.metric) : null;
          return (
            <TableRow key={model.id}>
              <TableCell className="max-w-[9rem] sm:max-w-xs">
                <Link
                  to="/w/$workspaceId/shared-models/$modelId"
                  params={{ workspaceId, modelId: model.id }}
                  search={{}}
                  className="block truncate font-medium underline-offset-4 hover:underline focus-visible:underline"
                >
                  {model.name}
                </Link>
                <p className="truncate text-xs text-muted-foreground">{taskLabel(model.task)}</p>
              </TableCell>
              <TableCell className="max-w-[8rem] truncate sm:max-w-xs">
                <OwnerName name={model.workspace_name} />
              </TableCell>
              <TableCell className="hidden whitespace-nowrap sm:table-cell">{latest ? `v${latest.number}` : "—"}</TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">
                {latest && score ? (
                  <span title={`${metricLabel(latest.metric)} on the ${score.source} rows`}>
                    {formatScore(score.value)} <span className="text-xs text-muted-foreground">{metricLabel(latest.metric)}</span>
                  </span>
                ) : (
                  "—"
                )}
              </TableCell>
              <TableCell className="hidden md:table-cell">{latest ? <StageBadge stage={latest.stage} /> : "—"}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * The owning workspace's name, as the shared-model endpoints return it (`workspace_name`), so it
 * is known whether or not you belong to that workspace; a plain phrase if the API sent none.
 */
export function OwnerName({ name }: { name: string | null | undefined }) {
  if (!name) return <span className="text-muted-foreground">Another workspace</span>;
  return <span>{name}</span>;
}
