import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute } from "@tanstack/react-router";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { ModelsEmptyState } from "@/features/models/models-empty-state";
import { ModelsList } from "@/features/models/models-list";
import { modelsQueryOptions, sharedModelsQueryOptions } from "@/features/models/queries";
import { SharedModelsSection } from "@/features/models/shared-models-list";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import { ignoreError } from "@/lib/query-client";

export const Route = createFileRoute("/_authed/w/$workspaceId/models/")({
  head: () => ({ meta: [{ title: "Models · Modelyard" }] }),
  loader: ({ context, params }) => {
    void context.queryClient.query(modelsQueryOptions(params.workspaceId)).catch(ignoreError);
    void context.queryClient.query(sharedModelsQueryOptions(params.workspaceId)).catch(ignoreError);
  },
  component: ModelsPage,
});

function ModelsPage() {
  const { workspaceId } = Route.useParams();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const models = useQuery(modelsQueryOptions(workspaceId));

  return (
    <>
      <PageHeader title="Models" description="Every model trained in this workspace, its versions and their scores." />
      {models.isPending ? (
        <div className="grid gap-3" role="status" aria-label="Loading models">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} className="h-12 w-full" />
          ))}
        </div>
      ) : models.isError ? (
        <ProblemAlert error={models.error} />
      ) : models.data.length > 0 ? (
        <Card className="py-2">
          <CardContent className="px-2 sm:px-4">
            <ModelsList workspaceId={workspaceId} models={models.data} />
          </CardContent>
        </Card>
      ) : (
        <ModelsEmptyState workspaceId={workspaceId} canWrite={workspace.role !== "viewer"} />
      )}
      <div className="mt-6">
        <SharedModelsSection workspaceId={workspaceId} />
      </div>
    </>
  );
}
