import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { Database } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { DatasetUploader } from "@/features/datasets/dataset-uploader";
import { DatasetsEmptyState } from "@/features/datasets/datasets-empty-state";
import { DatasetsList } from "@/features/datasets/datasets-list";
import { datasetsQueryOptions } from "@/features/datasets/queries";
import { SampleDatasetsDialog } from "@/features/datasets/sample-datasets-dialog";
import { useDatasetUploads } from "@/features/datasets/use-dataset-uploads";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import { ignoreError } from "@/lib/query-client";

export const Route = createFileRoute("/_authed/w/$workspaceId/datasets/")({
  head: () => ({ meta: [{ title: "Datasets · Modelyard" }] }),
  loader: ({ context, params }) => {
    void context.queryClient.query(datasetsQueryOptions(params.workspaceId)).catch(ignoreError);
  },
  component: DatasetsPage,
});

function DatasetsPage() {
  const { workspaceId } = Route.useParams();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const datasets = useQuery(datasetsQueryOptions(workspaceId));
  const canWrite = workspace.role !== "viewer";
  const hasDatasets = (datasets.data?.length ?? 0) > 0;
  const uploads = useDatasetUploads(workspaceId);

  return (
    <>
      <PageHeader
        title="Datasets"
        description="Tables you upload or import, with their versions and profiles."
        actions={
          hasDatasets && canWrite ? (
            <SampleDatasetsDialog
              workspaceId={workspaceId}
              trigger={
                <Button variant="outline">
                  <Database aria-hidden="true" />
                  Import a sample
                </Button>
              }
            />
          ) : undefined
        }
      />
      {datasets.isPending ? (
        <div className="grid gap-3" role="status" aria-label="Loading datasets">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} className="h-12 w-full" />
          ))}
        </div>
      ) : datasets.isError ? (
        <ProblemAlert error={datasets.error} />
      ) : hasDatasets ? (
        <div className="grid gap-4">
          {canWrite && <DatasetUploader workspaceId={workspaceId} uploads={uploads} datasets={datasets.data} compact />}
          <Card className="py-2">
            <CardContent className="px-2 sm:px-4">
              <DatasetsList datasets={datasets.data} workspaceId={workspaceId} />
            </CardContent>
          </Card>
        </div>
      ) : (
        <DatasetsEmptyState workspaceId={workspaceId} canWrite={canWrite} uploads={uploads} />
      )}
    </>
  );
}
