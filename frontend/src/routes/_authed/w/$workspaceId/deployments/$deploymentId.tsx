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
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { BatchPanel } from "@/features/deployments/batch-panel";
import { DeploymentKeys } from "@/features/deployments/deployment-keys";
import { DeploymentStatusBadge } from "@/features/deployments/deployments-list";
import { exampleRecord } from "@/features/deployments/endpoint";
import { EndpointSnippet } from "@/features/deployments/endpoint-snippet";
import { deploymentQueryOptions, revisionsQueryOptions, useDeleteDeployment, usePredict, useUpdateDeployment } from "@/features/deployments/queries";
import { ServedVersion } from "@/features/deployments/served-version";
import { TryItForm } from "@/features/deployments/try-it-form";
import { modelVersionQueryOptions } from "@/features/models/queries";
import { parseSignature } from "@/features/models/signature";
import { MonitoringPanel } from "@/features/monitoring/monitoring-panel";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import type { Deployment } from "@/lib/api/deployments";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { ignoreError } from "@/lib/query-client";

const TABS = ["overview", "monitoring", "batch"] as const;
type Tab = (typeof TABS)[number];

interface DeploymentSearch {
  tab?: Tab | undefined;
}

export const Route = createFileRoute("/_authed/w/$workspaceId/deployments/$deploymentId")({
  validateSearch: (search: Record<string, unknown>): DeploymentSearch => ({
    tab: TABS.find((tab) => tab === search.tab),
  }),
  loader: async ({ context, params }) => {
    void context.queryClient.query(revisionsQueryOptions(params.workspaceId, params.deploymentId)).catch(ignoreError);
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
  const { tab = "overview" } = Route.useSearch();
  const navigate = useNavigate({ from: Route.fullPath });
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const { data: deployment } = useSuspenseQuery(deploymentQueryOptions(workspaceId, deploymentId));
  const version = useQuery(modelVersionQueryOptions(workspaceId, deployment.model_version_id));
  const canWrite = workspace.role !== "viewer";
  const columns = version.data ? parseSignature(version.data.signature).columns : [];
  const record = exampleRecord(columns);

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
      <Tabs value={tab} onValueChange={(next) => void navigate({ search: { tab: next === "overview" ? undefined : (next as Tab) }, replace: true })}>
        <TabsList aria-label="Deployment sections">
          <TabsTrigger value="overview">Overview</TabsTrigger>
          <TabsTrigger value="monitoring">Monitoring</TabsTrigger>
          <TabsTrigger value="batch">Batch</TabsTrigger>
        </TabsList>
        <TabsContent value="overview" className="grid grid-cols-[minmax(0,1fr)] gap-6">
          <Section title="Served version" description="Promote another version of the model, or roll back to the one served before; every change is a revision.">
            <ServedVersion workspaceId={workspaceId} deployment={deployment} canWrite={canWrite} />
          </Section>
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
          <Section title="Endpoint" description="Call it from your code with an API key (Authorization: Bearer …): a key of this deployment below, or a workspace key.">
            <EndpointSnippet predictUrl={deployment.predict_url} record={record} />
          </Section>
          <Section title="API keys for this deployment" description="Each key may only predict on this deployment and send its actuals. Give one to each application; revoke it alone if it leaks.">
            <DeploymentKeys workspaceId={workspaceId} deployment={deployment} canWrite={canWrite} record={record} />
          </Section>
        </TabsContent>
        <TabsContent value="monitoring" className="grid grid-cols-[minmax(0,1fr)] gap-6">
          <Section title="Monitoring" description="Traffic and latency, data drift, performance against late labels, and alert rules.">
            <MonitoringPanel workspaceId={workspaceId} deploymentId={deployment.id} canWrite={canWrite} />
          </Section>
        </TabsContent>
        <TabsContent value="batch" className="grid grid-cols-[minmax(0,1fr)] gap-6">
          <Section title="Batch predictions" description="Score a whole file in the background, then download the predictions.">
            <BatchPanel workspaceId={workspaceId} deploymentId={deployment.id} canWrite={canWrite && deployment.status === "active"} />
          </Section>
        </TabsContent>
      </Tabs>
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
