import { Link } from "@tanstack/react-router";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RegisteredModel } from "@/lib/api/models";
import { formatRelative } from "@/lib/format";
import { formatScore, headlineScore, metricLabel, taskLabel } from "./metrics";
import { StageBadge } from "./stage-badge";

export function ModelsList({ workspaceId, models }: { workspaceId: string; models: RegisteredModel[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden sm:table-cell">Task</TableHead>
          <TableHead>Latest</TableHead>
          <TableHead className="text-right">Score</TableHead>
          <TableHead className="hidden md:table-cell">Stage</TableHead>
          <TableHead className="hidden lg:table-cell">Updated</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {models.map((model) => {
          const latest = model.latest_version;
          const score = latest ? headlineScore(latest.metrics, latest.metric) : null;
          return (
            <TableRow key={model.id}>
              <TableCell className="max-w-[10rem] sm:max-w-xs">
                <Link
                  to="/w/$workspaceId/models/$modelId"
                  params={{ workspaceId, modelId: model.id }}
                  className="block truncate font-medium underline-offset-4 hover:underline focus-visible:underline"
                >
                  {model.name}
                </Link>
                {latest && <p className="truncate text-xs text-muted-foreground">target {latest.target}</p>}
              </TableCell>
              <TableCell className="hidden text-muted-foreground sm:table-cell">{taskLabel(model.task)}</TableCell>
              <TableCell>
                {latest ? (
                  <span className="whitespace-nowrap">
                    v{latest.number} <span className="text-muted-foreground">· {latest.algorithm}</span>
                  </span>
                ) : (
                  "—"
                )}
              </TableCell>
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
              <TableCell className="hidden text-muted-foreground lg:table-cell">{formatRelative(model.updated_at)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
