import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { Pause, Play, Trash2 } from "lucide-react";
import type * as React from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { PageSkeleton } from "@/components/route-status";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { BatchPanel } from "@/features/deployments/batch-panel";
import { DeploymentStatusBadge } from "@/features/deployments/deployments-list";
import { deploymentQueryOptions, revisionsQueryOptions, useDeleteDeployment, usePredict, useUpdateDeployment } from "@/features/deployments/queries";
import { TryItForm } from "@/features/deployments/try-it-form";
import { modelVersionQueryOptions } from "@/features/models/queries";
import { parseSignature } from "@/features/models/signature";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import type { Deployment } from "@/lib/api/deployments";
import { formatDateTime } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { ignoreError } from "@/lib/query-client";

export const Route = createFileRoute("/_authed/w/$workspaceId/deployments/$deploymentId")({
  loader: async ({ context, params }) => {
    const deployment = await context.queryClient.query(deploymentQueryOptions(params.workspaceId, params.deploymentId));
    void context.queryClient.query(modelVersionQueryOptions(params.workspaceId, deployment.model_version_id)).catch(ignoreError);
    return { name: deployment.name };
  },
  head: ({ loaderData }) => ({ meta: [{ title: `${loaderData?.name ?? "Deployment"} · Modelyard` }] }),
  pendingComponent: PageSkeleton,
  component: DeploymentPage,
});

function Section({ title, description, children }: { title: string; description?: React.ReactNode; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function DeploymentPage() {
  const { workspaceId, deploymentId } = Route.useParams();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const { data: deployment } = useSuspenseQuery(deploymentQueryOptions(workspaceId, deploymentId));
  const version = useQuery(modelVersionQueryOptions(workspaceId, deployment.model_version_id));
  const canWrite = workspace.role !== "viewer";

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link to="/w/$workspaceId/deployments" params={{ workspaceId }} className="underline-offset-4 hover:underline">
          Deployments
        </Link>
      </nav>
      <PageHeader
        title={deployment.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
            <DeploymentStatusBadge status={deployment.status} />
            <span>
              Serves{" "}
              <Link
                to="/w/$workspaceId/models/$modelId/versions/$versionId"
                params={{ workspaceId, modelId: deployment.model_id, versionId: deployment.model_version_id }}
                className="font-medium text-foreground underline-offset-4 hover:underline"
              >
                {version.data ? `version ${version.data.number}` : "its model version"}
              </Link>{" "}
              · revision {deployment.revision}
            </span>
          </span>
        }
        actions={canWrite ? <DeploymentActions workspaceId={workspaceId} deployment={deployment} /> : undefined}
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6">
        <Section title="Try it" description="A form generated from the model’s input columns. Each prediction is logged like any other.">
          {version.isPending ? (
            <Skeleton className="h-40 w-full" />
          ) : version.isError ? (
            <ProblemAlert error={version.error} />
          ) : deployment.status !== "active" ? (
            <p className="text-sm text-muted-foreground">This deployment is stopped. Start it to make predictions.</p>
          ) : (
            <TryIt deploymentId={deployment.id} signature={version.data.signature} />
          )}
        </Section>
        <Section title="Batch predictions" description="Score a whole file in the background, then download the predictions.">
          <BatchPanel workspaceId={workspaceId} deploymentId={deployment.id} canWrite={canWrite && deployment.status === "active"} />
        </Section>
        <Section title="Endpoint" description="Call it from your code with an API key (Authorization: Bearer …).">
          <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs">
            {`curl -X POST ${new URL(deployment.predict_url, window.location.origin).href} \\\n  -H "Authorization: Bearer $MODELYARD_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"record": {…}}'`}
          </pre>
        </Section>
        <Section title="Revisions" description="Every change of the served version.">
          <Revisions workspaceId={workspaceId} deploymentId={deployment.id} />
        </Section>
      </div>
    </>
  );
}

function TryIt({ deploymentId, signature }: { deploymentId: string; signature: Record<string, unknown> }) {
  const predict = usePredict(deploymentId);
  const { columns } = parseSignature(signature);
  return <TryItForm columns={columns} pending={predict.isPending} result={predict.data} error={predict.error} onPredict={(record) => predict.mutate(record)} />;
}

function DeploymentActions({ workspaceId, deployment }: { workspaceId: string; deployment: Deployment }) {
  const update = useUpdateDeployment(workspaceId, deployment.id);
  const remove = useDeleteDeployment(workspaceId);
  const navigate = useNavigate();
  const active = deployment.status === "active";
  return (
    <>
      <Button
        variant="outline"
        pending={update.isPending}
        onClick={() =>
          update.mutate(
            { status: active ? "stopped" : "active" },
            {
              onSuccess: () => notifySuccess(active ? "Deployment stopped" : "Deployment started"),
              onError: (error) => notifyProblem(error, active ? "Could not stop" : "Could not start"),
            },
          )
        }
      >
        {active ? <Pause aria-hidden="true" /> : <Play aria-hidden="true" />}
        {active ? "Stop" : "Start"}
      </Button>
      <ConfirmDialog
        trigger={
          <Button variant="outline">
            <Trash2 aria-hidden="true" />
            Delete
          </Button>
        }
        title={`Delete ${deployment.name}?`}
        description="Its endpoint stops answering at once. The model version stays in the registry."
        confirmLabel="Delete deployment"
        onConfirm={async () => {
          try {
            await remove.mutateAsync(deployment.id);
            notifySuccess("Deployment deleted");
            await navigate({ to: "/w/$workspaceId/deployments", params: { workspaceId } });
            return true;
          } catch (error) {
            notifyProblem(error, "Could not delete the deployment");
            return false;
          }
        }}
      />
    </>
  );
}

function Revisions({ workspaceId, deploymentId }: { workspaceId: string; deploymentId: string }) {
  const revisions = useQuery(revisionsQueryOptions(workspaceId, deploymentId));
  if (revisions.isPending) return <Skeleton className="h-12 w-full" />;
  if (revisions.isError) return <ProblemAlert error={revisions.error} />;
  return (
    <ol className="grid gap-2" aria-label="Revisions">
      {revisions.data.map((revision) => (
        <li key={revision.id} className="border-l-2 pl-3 text-sm">
          <span className="font-medium">Revision {revision.number}</span> · {revision.action} · <span className="text-muted-foreground">{formatDateTime(revision.created_at)}</span>
          {revision.comment && <p className="text-muted-foreground">“{revision.comment}”</p>}
        </li>
      ))}
    </ol>
  );
}
