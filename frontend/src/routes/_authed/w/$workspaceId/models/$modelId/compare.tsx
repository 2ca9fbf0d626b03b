import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { PageSkeleton } from "@/components/route-status";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { compareScores } from "@/features/models/leaderboard";
import { comparisonRows, parameterRows } from "@/features/models/compare";
import { formatScore, metricLabel } from "@/features/models/metrics";
import { compareQueryOptions, modelQueryOptions } from "@/features/models/queries";
import { StageBadge } from "@/features/models/stage-badge";
import type { Comparison } from "@/lib/api/models";
import { cn } from "@/lib/utils";

interface CompareSearch {
  ids: string;
}

export const Route = createFileRoute("/_authed/w/$workspaceId/models/$modelId/compare")({
  validateSearch: (search: Record<string, unknown>): CompareSearch => ({ ids: typeof search.ids === "string" ? search.ids : "" }),
  loader: ({ context, params }) => context.queryClient.query(modelQueryOptions(params.workspaceId, params.modelId)),
  head: () => ({ meta: [{ title: "Compare versions · Modelyard" }] }),
  pendingComponent: PageSkeleton,
  component: ComparePage,
});

function ComparePage() {
  const { workspaceId, modelId } = Route.useParams();
  const { ids } = Route.useSearch();
  const versionIds = ids.split(",").filter(Boolean);
  const { data: model } = useSuspenseQuery(modelQueryOptions(workspaceId, modelId));
  const comparison = useQuery(compareQueryOptions(workspaceId, versionIds));

  return (
    <>
      <PageHeader
        title="Compare versions"
        description={
          <Link to="/w/$workspaceId/models/$modelId" params={{ workspaceId, modelId }} search={{}} className="underline-offset-4 hover:underline">
            {model.name}
          </Link>
        }
      />
      {versionIds.length < 2 ? (
        <p className="text-sm text-muted-foreground">Pick at least two versions on the model page to compare them.</p>
      ) : comparison.isPending ? (
        <Skeleton className="h-64 w-full" />
      ) : comparison.isError ? (
        <ProblemAlert error={comparison.error} />
      ) : (
        <CompareTables workspaceId={workspaceId} modelId={modelId} comparison={comparison.data} />
      )}
    </>
  );
}

function CompareTables({ workspaceId, modelId, comparison }: { workspaceId: string; modelId: string; comparison: Comparison }) {
  const versions = comparison.versions;
  const metricRows = comparisonRows(comparison);
  const params = parameterRows(comparison);
  const features = Object.entries(comparison.importance)
    .map(([feature, values]) => ({ feature, values: versions.map((v) => values[v.id] ?? null) }))
    .sort((a, b) => Math.max(...b.values.map((v) => v ?? 0)) - Math.max(...a.values.map((v) => v ?? 0)));
  const header = (
    <TableRow>
      <TableHead />
      {versions.map((version) => (
        <TableHead key={version.id} className="text-right">
          <Link
            to="/w/$workspaceId/models/$modelId/versions/$versionId"
            params={{ workspaceId, modelId, versionId: version.id }}
            className="font-medium text-foreground underline-offset-4 hover:underline"
          >
            v{version.number}
          </Link>
        </TableHead>
      ))}
    </TableRow>
  );

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Metrics</CardTitle>
        </CardHeader>
        <CardContent>
          <Table aria-label="Metrics by version">
            <TableHeader>{header}</TableHeader>
            <TableBody>
              <TableRow>
                <TableHead scope="row">Stage</TableHead>
                {versions.map((version) => (
                  <TableCell key={version.id} className="text-right">
                    <StageBadge stage={version.stage} />
                  </TableCell>
                ))}
              </TableRow>
              <TableRow>
                <TableHead scope="row">Algorithm</TableHead>
                {versions.map((version) => (
                  <TableCell key={version.id} className="text-right">
                    {version.algorithm}
                  </TableCell>
                ))}
              </TableRow>
              {metricRows.map((row) => {
                const best = row.values.reduce<number | null>((winner, value) => (compareScores(value, winner, row.name) < 0 ? value : winner), null);
                return (
                  <TableRow key={`${row.section}.${row.name}`}>
                    <TableHead scope="row" className="font-normal">
                      {metricLabel(row.name)} <span className="text-xs text-muted-foreground">({row.section})</span>
                    </TableHead>
                    {row.values.map((value, i) => (
                      <TableCell key={versions[i]?.id ?? i} className={cn("text-right tabular-nums", value !== null && value === best && "font-semibold text-primary")}>
                        {formatScore(value)}
                      </TableCell>
                    ))}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {features.length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Feature importance</CardTitle>
          </CardHeader>
          <CardContent>
            <Table aria-label="Feature importance by version">
              <TableHeader>{header}</TableHeader>
              <TableBody>
                {features.map((row) => (
                  <TableRow key={row.feature}>
                    <TableHead scope="row" className="font-normal">
                      {row.feature}
                    </TableHead>
                    {row.values.map((value, i) => (
                      <TableCell key={versions[i]?.id ?? i} className="text-right tabular-nums">
                        {formatScore(value)}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      {params.length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Best candidate’s parameters</CardTitle>
          </CardHeader>
          <CardContent>
            <Table aria-label="Parameters by version">
              <TableHeader>{header}</TableHeader>
              <TableBody>
                {params.map((row) => (
                  <TableRow key={row.name}>
                    <TableHead scope="row" className="font-mono text-xs font-normal">
                      {row.name}
                    </TableHead>
                    {row.values.map((value, i) => (
                      <TableCell key={versions[i]?.id ?? i} className="text-right font-mono text-xs">
                        {value}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
    </div>
  );
}
