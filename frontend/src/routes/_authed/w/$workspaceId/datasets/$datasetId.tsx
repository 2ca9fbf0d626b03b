import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { ArrowLeft, Download, GraduationCap, Trash2 } from "lucide-react";
import type * as React from "react";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { PageSkeleton } from "@/components/route-status";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { UploadList } from "@/features/datasets/dataset-uploader";
import { DeleteDatasetDialog } from "@/features/datasets/delete-dataset-dialog";
import { NewVersionButton } from "@/features/datasets/new-version-button";
import { ProfileView } from "@/features/datasets/profile-view";
import {
  datasetProfileQueryOptions,
  datasetQueryOptions,
  datasetVersionQueryOptions,
  datasetVersionsQueryOptions,
} from "@/features/datasets/queries";
import { RowsPreview } from "@/features/datasets/rows-preview";
import { useDatasetUploads } from "@/features/datasets/use-dataset-uploads";
import { VersionsTable } from "@/features/datasets/versions-table";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import { ApiProblem, type DatasetVersion, datasetsApi } from "@/lib/api";
import { ignoreError } from "@/lib/query-client";

interface DatasetSearch {
  version?: string | undefined;
}

export const Route = createFileRoute("/_authed/w/$workspaceId/datasets/$datasetId")({
  validateSearch: (search: Record<string, unknown>): DatasetSearch => ({
    version: typeof search.version === "string" ? search.version : undefined,
  }),
  loader: async ({ context, params }) => {
    void context.queryClient.query(datasetVersionsQueryOptions(params.workspaceId, params.datasetId)).catch(ignoreError);
    const dataset = await context.queryClient.query(datasetQueryOptions(params.workspaceId, params.datasetId));
    return { datasetName: dataset.name };
  },
  head: ({ loaderData }) => ({ meta: [{ title: loaderData ? `${loaderData.datasetName} · Datasets · Modelyard` : "Dataset · Modelyard" }] }),
  pendingComponent: PageSkeleton,
  component: DatasetPage,
});

function DatasetPage() {
  const { workspaceId, datasetId } = Route.useParams();
  const search = Route.useSearch();
  const navigate = useNavigate();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const { data: dataset } = useSuspenseQuery(datasetQueryOptions(workspaceId, datasetId));
  const versions = useQuery(datasetVersionsQueryOptions(workspaceId, datasetId));
  const versionId = search.version ?? dataset.latest_version?.id ?? null;
  const canWrite = workspace.role !== "viewer";
  const uploads = useDatasetUploads(workspaceId, { datasetId });

  return (
    <>
      <Link
        to="/w/$workspaceId/datasets"
        params={{ workspaceId }}
        className="mb-3 inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <ArrowLeft className="size-4" aria-hidden="true" />
        Datasets
      </Link>
      <PageHeader
        title={dataset.name}
        description={dataset.description || (dataset.latest_version ? `${dataset.latest_version.original_filename} · ${dataset.latest_version.format.toUpperCase()}` : undefined)}
        actions={
          <div className="flex flex-wrap gap-2">
            {canWrite && versionId && (
              <Button asChild>
                <Link to="/w/$workspaceId/train" params={{ workspaceId }} search={{ dataset: datasetId, version: versionId }}>
                  <GraduationCap aria-hidden="true" />
                  Train a model
                </Link>
              </Button>
            )}
            {versionId && (
              <Button variant="outline" asChild>
                <a href={datasetsApi.downloadUrl(workspaceId, versionId)} download>
                  <Download aria-hidden="true" />
                  Download
                </a>
              </Button>
            )}
            {canWrite && <NewVersionButton uploads={uploads} />}
            {canWrite && (
              <DeleteDatasetDialog
                workspaceId={workspaceId}
                datasetId={datasetId}
                datasetName={dataset.name}
                onDeleted={() => void navigate({ to: "/w/$workspaceId/datasets", params: { workspaceId } })}
                trigger={
                  <Button variant="outline" aria-label="Delete dataset">
                    <Trash2 aria-hidden="true" />
                    <span className="hidden sm:inline">Delete</span>
                  </Button>
                }
              />
            )}
          </div>
        }
      />
      {dataset.tags.length > 0 && (
        <div className="-mt-3 mb-6 flex flex-wrap gap-1">
          {dataset.tags.map((tag) => (
            <Badge key={tag} variant="secondary">
              {tag}
            </Badge>
          ))}
        </div>
      )}
      <div className="grid gap-6">
        <UploadList workspaceId={workspaceId} uploads={uploads} />
        {versionId ? <VersionProfile workspaceId={workspaceId} datasetId={datasetId} versionId={versionId} canTrain={canWrite} /> : <p className="text-sm text-muted-foreground">This dataset has no version yet.</p>}
        {versionId && (
          <Section title="Preview" description="The first rows, as Modelyard reads them.">
            <RowsPreview workspaceId={workspaceId} versionId={versionId} />
          </Section>
        )}
        <Section title="Versions" description="Each upload of new content is a version; models remember the one they were trained on.">
          {versions.isPending ? (
            <Skeleton className="h-24 w-full" />
          ) : versions.isError ? (
            <ProblemAlert error={versions.error} />
          ) : (
            <VersionsTable versions={versions.data} workspaceId={workspaceId} datasetId={datasetId} selectedId={versionId ?? ""} />
          )}
        </Section>
      </div>
    </>
  );
}

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="px-2 sm:px-6">{children}</CardContent>
    </Card>
  );
}

function VersionProfile({ workspaceId, datasetId, versionId, canTrain }: { workspaceId: string; datasetId: string; versionId: string; canTrain: boolean }) {
  const version = useQuery(datasetVersionQueryOptions(workspaceId, versionId));
  const ready = version.data?.profile_status === "ready";
  const profile = useQuery({ ...datasetProfileQueryOptions(workspaceId, versionId), enabled: ready });
  if (version.isPending || (ready && profile.isPending)) {
    return (
      <div className="grid gap-4 lg:grid-cols-2" role="status" aria-label="Loading the profile">
        <Skeleton className="h-48 w-full rounded-xl" />
        <Skeleton className="h-48 w-full rounded-xl" />
        <Skeleton className="h-72 w-full rounded-xl lg:col-span-2" />
      </div>
    );
  }
  if (version.isError) return <ProblemAlert error={version.error} />;
  if (!ready) return <ProfilingCard version={version.data} />;
  if (profile.isError) return <ProblemAlert error={profile.error} />;
  if (!profile.data) return null;
  return <ProfileView profile={profile.data} workspaceId={workspaceId} datasetId={datasetId} versionId={versionId} canTrain={canTrain} />;
}

function ProfilingCard({ version }: { version: DatasetVersion }) {
  if (version.profile_status === "failed") {
    return (
      <ProblemAlert
        error={
          new ApiProblem({
            title: "Profiling failed",
            status: 0,
            detail: `Profiling v${version.number} failed: ${version.profile_error ?? "unknown error"}`,
            hint: "Upload the file again as a new version; if it keeps failing, check that it opens in a spreadsheet.",
          })
        }
      />
    );
  }
  const percent = Math.round(version.profile_progress * 100);
  return (
    <Card className="gap-3">
      <CardHeader>
        <CardTitle>Profiling v{version.number}</CardTitle>
        <CardDescription>Reading every column: types, missing values, distributions and likely targets.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-2">
        <Progress value={version.profile_status === "pending" ? null : percent} label="Profiling" />
        <p className="text-xs text-muted-foreground tabular-nums" aria-live="polite">
          {version.profile_status === "pending" ? "Queued" : `${percent}%`}
        </p>
      </CardContent>
    </Card>
  );
}
