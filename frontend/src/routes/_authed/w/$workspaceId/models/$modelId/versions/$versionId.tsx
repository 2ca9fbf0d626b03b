import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { GitCompare } from "lucide-react";
import type * as React from "react";
import { PageHeader } from "@/components/page-header";
import { PageSkeleton } from "@/components/route-status";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DeployDialog } from "@/features/deployments/deploy-dialog";
import { deploymentsQueryOptions } from "@/features/deployments/queries";
import { ExportsPanel } from "@/features/exports/exports-panel";
import { ConfusionMatrixTable, ImportanceChart, ResidualCharts, RocChart } from "@/features/models/charts";
import { importanceBars, parseDiagnostics } from "@/features/models/diagnostics";
import { Lineage } from "@/features/models/lineage";
import { taskLabel } from "@/features/models/metrics";
import { modelQueryOptions, modelVersionQueryOptions, modelVersionsQueryOptions } from "@/features/models/queries";
import { parseSignature } from "@/features/models/signature";
import { SignatureTable } from "@/features/models/signature-table";
import { StageBadge } from "@/features/models/stage-badge";
import { StagePanel } from "@/features/models/stage-panel";
import { VersionMetrics } from "@/features/models/version-metrics";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import type { ModelVersion } from "@/lib/api/models";
import { formatDateTime } from "@/lib/format";
import { ignoreError } from "@/lib/query-client";

export const Route = createFileRoute("/_authed/w/$workspaceId/models/$modelId/versions/$versionId")({
  loader: async ({ context, params }) => {
    void context.queryClient.query(modelVersionsQueryOptions(params.workspaceId, params.modelId)).catch(ignoreError);
    const [model, version] = await Promise.all([
      context.queryClient.query(modelQueryOptions(params.workspaceId, params.modelId)),
      context.queryClient.query(modelVersionQueryOptions(params.workspaceId, params.versionId)),
    ]);
    return { title: `${model.name} v${version.number}` };
  },
  head: ({ loaderData }) => ({ meta: [{ title: `${loaderData?.title ?? "Model version"} · Modelyard` }] }),
  pendingComponent: PageSkeleton,
  component: VersionPage,
});

function Section({ title, description, children, className }: { title: string; description?: React.ReactNode; children: React.ReactNode; className?: string }) {
  return (
    <Card className={className}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

function VersionPage() {
  const { workspaceId, modelId, versionId } = Route.useParams();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const { data: model } = useSuspenseQuery(modelQueryOptions(workspaceId, modelId));
  const { data: version } = useSuspenseQuery(modelVersionQueryOptions(workspaceId, versionId));
  const canWrite = workspace.role !== "viewer";
  const deployments = useQuery(deploymentsQueryOptions(workspaceId));
  const signature = parseSignature(version.signature);
  const importance = importanceBars(version.feature_importance);
  const versions = useQuery(modelVersionsQueryOptions(workspaceId, modelId));
  // Compare with the version just before this one, or else with the newest other one.
  const others = (versions.data ?? []).filter((other) => other.id !== version.id);
  const previous = others.filter((other) => other.number < version.number).sort((a, b) => b.number - a.number)[0] ?? others.sort((a, b) => b.number - a.number)[0];

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link to="/w/$workspaceId/models" params={{ workspaceId }} className="underline-offset-4 hover:underline">
          Models
        </Link>
        {" / "}
        <Link to="/w/$workspaceId/models/$modelId" params={{ workspaceId, modelId }} search={{}} className="underline-offset-4 hover:underline">
          {model.name}
        </Link>
      </nav>
      <PageHeader
        title={`${model.name} · version ${version.number}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
            <StageBadge stage={version.stage} />
            <span>
              {taskLabel(version.task)} of <span className="font-medium text-foreground">{version.target}</span> · {version.algorithm} · trained{" "}
              {formatDateTime(version.created_at)}
            </span>
          </span>
        }
        actions={
          <>
            {previous && (
              <Button asChild variant="outline">
                <Link to="/w/$workspaceId/models/$modelId/compare" params={{ workspaceId, modelId }} search={{ ids: `${previous.id},${version.id}` }}>
                  <GitCompare aria-hidden="true" />
                  Compare with v{previous.number}
                </Link>
              </Button>
            )}
            {canWrite && <DeployDialog workspaceId={workspaceId} versionId={version.id} defaultName={`${model.name} v${version.number}`} />}
          </>
        }
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
        <Section title="Metrics">
          <VersionMetrics version={version} />
        </Section>
        <Section
          title="Feature importance"
          description={
            importance.source === "permutation"
              ? "How much the score drops when a column is shuffled: the columns the model relies on most come first."
              : "Mean absolute SHAP value of each column: how far it moves predictions on average."
          }
        >
          {importance.bars.length > 0 ? <ImportanceChart bars={importance.bars} /> : <p className="text-sm text-muted-foreground">No importance was computed for this version.</p>}
        </Section>
        <Diagnostics version={version} />
        <Section title="Lineage" description="Where this version comes from and where it is used." className="lg:col-span-2">
          <Lineage workspaceId={workspaceId} version={version} modelName={model.name} deployments={deployments.data?.filter((deployment) => deployment.model_version_id === version.id)} />
        </Section>
        <Section title="Stage" description="Mark a version as staging or production; every change is recorded.">
          <StagePanel workspaceId={workspaceId} version={version} canWrite={canWrite} />
        </Section>
        <Section title="Input columns" description="What a prediction needs. Blank values are allowed: the model handles missing data.">
          <SignatureTable columns={signature.columns} />
        </Section>
        <Section title="Exports" description="Take the model out of Modelyard: every export is checked to predict as the registry model does." className="lg:col-span-2">
          <ExportsPanel workspaceId={workspaceId} versionId={version.id} canWrite={canWrite} />
        </Section>
      </div>
    </>
  );
}

function Diagnostics({ version }: { version: ModelVersion }) {
  const diagnostics = parseDiagnostics(version.metrics);
  const regression = version.task === "regression";
  const title = regression ? "Residuals" : "Confusion matrix and ROC";
  if (!diagnostics) {
    return (
      <Section title={title} className="lg:col-span-2">
        <p className="text-sm text-muted-foreground">
          These charts are drawn from rows held out of training. This version has none: its dataset had fewer than 100 labelled rows, or it was trained
          before Modelyard kept them.
        </p>
      </Section>
    );
  }
  return (
    <Section title={title} description={`On ${diagnostics.rows} held-out rows the search never saw.`} className="lg:col-span-2">
      {regression ? (
        <ResidualCharts diagnostics={diagnostics} target={version.target} />
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
          {diagnostics.confusion ? <ConfusionMatrixTable matrix={diagnostics.confusion} /> : <p className="text-sm text-muted-foreground">Too many classes to draw a confusion matrix.</p>}
          {diagnostics.roc.length > 0 && <RocChart curves={diagnostics.roc} />}
        </div>
      )}
    </Section>
  );
}
