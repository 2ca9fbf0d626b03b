import { useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { PageHeader } from "@/components/page-header";
import { PageSkeleton } from "@/components/route-status";
import { Badge } from "@/components/ui/badge";
import { taskLabel } from "@/features/models/metrics";
import { sharedModelQueryOptions, sharedVersionsQueryOptions } from "@/features/models/queries";
import { SharedModelView } from "@/features/models/shared-model-view";
import { OwnerName } from "@/features/models/shared-models-list";
import { ignoreError } from "@/lib/query-client";

interface SharedModelSearch {
  version?: string | undefined;
}

export const Route = createFileRoute("/_authed/w/$workspaceId/shared-models/$modelId")({
  validateSearch: (search: Record<string, unknown>): SharedModelSearch => ({
    version: typeof search.version === "string" ? search.version : undefined,
  }),
  loader: async ({ context, params }) => {
    void context.queryClient.query(sharedVersionsQueryOptions(params.workspaceId, params.modelId)).catch(ignoreError);
    const model = await context.queryClient.query(sharedModelQueryOptions(params.workspaceId, params.modelId));
    return { modelName: model.name };
  },
  head: ({ loaderData }) => ({ meta: [{ title: `${loaderData?.modelName ?? "Shared model"} · Modelyard` }] }),
  pendingComponent: PageSkeleton,
  component: SharedModelPage,
});

function SharedModelPage() {
  const { workspaceId, modelId } = Route.useParams();
  const search = Route.useSearch();
  const { data: model } = useSuspenseQuery(sharedModelQueryOptions(workspaceId, modelId));

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link to="/w/$workspaceId/models" params={{ workspaceId }} className="underline-offset-4 hover:underline">
          Models
        </Link>
        {" / Shared with this workspace"}
      </nav>
      <PageHeader
        title={model.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1">
            <Badge variant="secondary">Read-only</Badge>
            <span>
              Shared by <OwnerName name={model.workspace_name} /> · {taskLabel(model.task)}
              {model.latest_version && <> · predicts {model.latest_version.target}</>}
            </span>
          </span>
        }
      />
      {model.description && <p className="-mt-4 mb-6 text-sm text-muted-foreground">{model.description}</p>}
      <SharedModelView workspaceId={workspaceId} model={model} selectedVersionId={search.version} />
    </>
  );
}
