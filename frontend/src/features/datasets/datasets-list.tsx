import { Link } from "@tanstack/react-router";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Dataset } from "@/lib/api";
import { formatRelative } from "@/lib/format";

const numberFormat = new Intl.NumberFormat();

export function DatasetsList({ datasets, workspaceId }: { datasets: Dataset[]; workspaceId: string }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="text-right">Rows</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Columns</TableHead>
          <TableHead>Profile</TableHead>
          <TableHead className="hidden md:table-cell">Updated</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {datasets.map((dataset) => {
          const version = dataset.latest_version;
          return (
            <TableRow key={dataset.id}>
              <TableCell className="max-w-[10rem] sm:max-w-xs">
                <Link
                  to="/w/$workspaceId/datasets/$datasetId"
                  params={{ workspaceId, datasetId: dataset.id }}
                  className="block truncate rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  {dataset.name}
                </Link>
                {version && <p className="truncate text-xs text-muted-foreground">v{version.number} · {version.original_filename}</p>}
              </TableCell>
              <TableCell className="text-right tabular-nums">{version ? numberFormat.format(version.rows) : "—"}</TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">{version?.column_count ?? "—"}</TableCell>
              <TableCell>
                <ProfileStatus status={version?.profile_status} progress={version?.profile_progress ?? 0} error={version?.profile_error ?? null} />
              </TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{formatRelative(dataset.updated_at)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

export function ProfileStatus({ status, progress, error }: { status: string | undefined; progress: number; error: string | null }) {
  if (status === "ready") return <Badge variant="success">Profiled</Badge>;
  if (status === "failed") {
    return (
      <Badge variant="destructive" title={error ?? undefined}>
        Profiling failed
      </Badge>
    );
  }
  if (status === "pending" || status === "running") {
    const percent = Math.round(progress * 100);
    return (
      <div className="flex min-w-24 items-center gap-2">
        <div className="h-1.5 w-16 overflow-hidden rounded-full bg-muted" role="progressbar" aria-label="Profiling" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className="h-full rounded-full bg-primary transition-all" style={{ width: `${Math.max(percent, 5)}%` }} />
        </div>
        <span className="text-xs text-muted-foreground">{status === "pending" ? "Queued" : `${percent}%`}</span>
      </div>
    );
  }
  return <span className="text-muted-foreground">—</span>;
}
