import { Link } from "@tanstack/react-router";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Deployment } from "@/lib/api/deployments";
import { formatRelative } from "@/lib/format";

export function DeploymentStatusBadge({ status }: { status: string }) {
  return status === "active" ? <Badge variant="success">Active</Badge> : <Badge variant="secondary">Stopped</Badge>;
}

export function DeploymentsList({ workspaceId, deployments }: { workspaceId: string; deployments: Deployment[] }) {
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Status</TableHead>
          <TableHead className="hidden sm:table-cell">Revision</TableHead>
          <TableHead className="hidden md:table-cell">Updated</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {deployments.map((deployment) => (
          <TableRow key={deployment.id}>
            <TableCell className="max-w-[12rem] sm:max-w-xs">
              <Link
                to="/w/$workspaceId/deployments/$deploymentId"
                params={{ workspaceId, deploymentId: deployment.id }}
                className="block truncate font-medium underline-offset-4 hover:underline focus-visible:underline"
              >
                {deployment.name}
              </Link>
              {deployment.description && <p className="truncate text-xs text-muted-foreground">{deployment.description}</p>}
            </TableCell>
            <TableCell>
              <DeploymentStatusBadge status={deployment.status} />
            </TableCell>
            <TableCell className="hidden tabular-nums sm:table-cell">{deployment.revision}</TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">{formatRelative(deployment.updated_at)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
