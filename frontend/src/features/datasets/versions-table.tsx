import { Link } from "@tanstack/react-router";
import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { type DatasetVersion, datasetsApi } from "@/lib/api";
import { formatRelative } from "@/lib/format";
import { ProfileStatus } from "./datasets-list";
import { formatBytes } from "./upload";

const numberFormat = new Intl.NumberFormat();

interface VersionsTableProps {
  versions: DatasetVersion[];
  workspaceId: string;
  datasetId: string;
  selectedId: string;
}

export function VersionsTable({ versions, workspaceId, datasetId, selectedId }: VersionsTableProps) {
  return (
    <Table aria-label="Versions">
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead className="hidden sm:table-cell">File</TableHead>
          <TableHead className="text-right">Rows</TableHead>
          <TableHead>Profile</TableHead>
          <TableHead className="hidden md:table-cell">Created</TableHead>
          <TableHead className="sr-only">Download</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {versions.map((version) => (
          <TableRow key={version.id} data-state={version.id === selectedId ? "selected" : undefined} className="data-[state=selected]:bg-accent/60">
            <TableCell>
              <Link
                to="/w/$workspaceId/datasets/$datasetId"
                params={{ workspaceId, datasetId }}
                search={{ version: version.id }}
                className="rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                aria-current={version.id === selectedId ? "true" : undefined}
              >
                v{version.number}
              </Link>
              {version.id === selectedId && (
                <Badge variant="outline" className="ml-2">
                  Shown
                </Badge>
              )}
            </TableCell>
            <TableCell className="hidden max-w-xs truncate sm:table-cell">
              {version.original_filename} <span className="text-xs text-muted-foreground">· {formatBytes(version.original_size)}</span>
            </TableCell>
            <TableCell className="text-right tabular-nums">{numberFormat.format(version.rows)}</TableCell>
            <TableCell>
              <ProfileStatus status={version.profile_status} progress={version.profile_progress} error={version.profile_error} />
            </TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">{formatRelative(version.created_at)}</TableCell>
            <TableCell className="text-right">
              <a
                href={datasetsApi.downloadUrl(workspaceId, version.id)}
                download
                className="inline-flex size-8 items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
                aria-label={`Download v${version.number} (${version.original_filename})`}
              >
                <Download className="size-4" aria-hidden="true" />
              </a>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
