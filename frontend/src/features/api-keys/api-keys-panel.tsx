import { useQuery } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { KeyRound } from "lucide-react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { ProblemAlert } from "@/components/problem-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { deploymentsQueryOptions } from "@/features/deployments/queries";
import { workspacesQueryOptions } from "@/features/workspaces/queries";
import type { ApiKey } from "@/lib/api";
import { formatDate, formatRelative, isPast } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { CreateApiKeyDialog } from "./create-api-key-dialog";
import { apiKeysQueryOptions, useRevokeApiKey } from "./queries";

export function ApiKeysPanel() {
  const keys = useQuery(apiKeysQueryOptions());
  return (
    <Card>
      <CardHeader>
        <CardTitle>API keys</CardTitle>
        <CardDescription>
          Keys act as you, in every workspace you belong to or in one of them; a deployment’s key may only predict on it. Revoke a key the moment it leaks.
        </CardDescription>
        <CardAction>
          <CreateApiKeyDialog />
        </CardAction>
      </CardHeader>
      <CardContent>
        {keys.isPending ? (
          <div className="grid gap-3" role="status" aria-label="Loading API keys">
            {[0, 1].map((row) => (
              <Skeleton key={row} className="h-10 w-full" />
            ))}
          </div>
        ) : keys.isError ? (
          <ProblemAlert error={keys.error} />
        ) : keys.data.length === 0 ? (
          <EmptyState icon={KeyRound} title="No API keys yet" description="Create a key to call the Modelyard API from scripts, notebooks or CI." className="py-10" />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Key</TableHead>
                <TableHead className="hidden md:table-cell">Created</TableHead>
                <TableHead className="hidden sm:table-cell">Expires</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {keys.data.map((apiKey) => (
                <ApiKeyRow key={apiKey.id} apiKey={apiKey} />
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function ApiKeyRow({ apiKey }: { apiKey: ApiKey }) {
  const revoke = useRevokeApiKey();
  const expired = apiKey.expires_at !== null && isPast(apiKey.expires_at);

  const onRevoke = async () => {
    try {
      await revoke.mutateAsync(apiKey.id);
    } catch (error) {
      notifyProblem(error, "Could not revoke the key");
      return false;
    }
    notifySuccess(`API key “${apiKey.name}” revoked`);
    return true;
  };

  return (
    <TableRow>
      <TableCell className="font-medium">
        {apiKey.name}
        <span className="block text-xs font-normal text-muted-foreground">
          <KeyScope apiKey={apiKey} /> ·{" "}
          {apiKey.last_used_at ? `used ${formatRelative(apiKey.last_used_at)}` : "never used"}
        </span>
      </TableCell>
      <TableCell>
        <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">{apiKey.prefix}…</code>
      </TableCell>
      <TableCell className="hidden text-muted-foreground md:table-cell">{formatDate(apiKey.created_at)}</TableCell>
      <TableCell className="hidden sm:table-cell">
        {apiKey.expires_at === null ? (
          <span className="text-muted-foreground">Never</span>
        ) : expired ? (
          <Badge variant="destructive">Expired</Badge>
        ) : (
          <span className="text-muted-foreground">{formatDate(apiKey.expires_at)}</span>
        )}
      </TableCell>
      <TableCell className="text-right">
        <ConfirmDialog
          trigger={
            <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive" aria-label={`Revoke ${apiKey.name}`}>
              Revoke
            </Button>
          }
          title={`Revoke “${apiKey.name}”?`}
          description="Programs using this key will get 401 errors immediately. This cannot be undone."
          confirmLabel="Revoke key"
          onConfirm={onRevoke}
        />
      </TableCell>
    </TableRow>
  );
}

/**
 * What a key may do: predict on one deployment (created from the deployment's page), or act
 * with your role (full access or read only) in one workspace or in all of yours.
 */
function KeyScope({ apiKey }: { apiKey: ApiKey }) {
  const workspaceId = apiKey.workspace_id;
  const deploymentId = apiKey.deployment_id ?? null;
  const workspaces = useQuery({ ...workspacesQueryOptions(), enabled: workspaceId !== null });
  const deployments = useQuery({ ...deploymentsQueryOptions(workspaceId ?? ""), enabled: workspaceId !== null && deploymentId !== null });
  const access = apiKey.scopes.includes("full") ? "Full access" : "Read only";
  if (workspaceId !== null && deploymentId !== null) {
    const deployment = deployments.data?.find((item) => item.id === deploymentId);
    return (
      <span data-testid="api-key-scope">
        Predict on{" "}
        <Link
          to="/w/$workspaceId/deployments/$deploymentId"
          params={{ workspaceId, deploymentId }}
          className="text-foreground underline-offset-4 hover:underline focus-visible:underline"
        >
          {deployment?.name ?? "its deployment"}
        </Link>{" "}
        only
      </span>
    );
  }
  if (workspaceId !== null) {
    const workspace = workspaces.data?.find((item) => item.id === workspaceId);
    return (
      <span data-testid="api-key-scope">
        {access} in {workspace?.name ?? "one workspace"}
      </span>
    );
  }
  return <span data-testid="api-key-scope">{access} · all your workspaces</span>;
}
