import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { ArrowLeft } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { PageSkeleton } from "@/components/route-status";
import { JobView } from "@/features/jobs/job-view";
import { datasetQueryOptions, datasetVersionQueryOptions } from "@/features/datasets/queries";
import { jobQueryOptions } from "@/features/jobs/queries";
import { useJobEvents } from "@/features/jobs/use-job-events";
import { formatDuration } from "@/features/training/wizard";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import { trainingApi } from "@/lib/api";

export const Route = createFileRoute("/_authed/w/$workspaceId/jobs/$jobId")({
  loader: async ({ context, params }) => {
    const job = await context.queryClient.query(jobQueryOptions(params.workspaceId, params.jobId));
    return { target: job.target };
  },
  head: ({ loaderData }) => ({ meta: [{ title: loaderData ? `Training ${loaderData.target} · Modelyard` : "Training job · Modelyard" }] }),
  pendingComponent: PageSkeleton,
  component: JobPage,
});

/** Live events first; the job itself is re-read slowly (fast when the stream is down). */
function JobPage() {
  const { workspaceId, jobId } = Route.useParams();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const { live, stream } = useJobEvents(trainingApi.eventsUrl(workspaceId, jobId));
  const streaming = stream === "open" || stream === "connecting" || stream === "closed";
  const { data: job } = useSuspenseQuery(jobQueryOptions(workspaceId, jobId, streaming ? 5000 : 2000));
  const version = useQuery(datasetVersionQueryOptions(workspaceId, job.dataset_version_id));
  const dataset = useQuery({ ...datasetQueryOptions(workspaceId, version.data?.dataset_id ?? ""), enabled: Boolean(version.data) });

  return (
    <>
      <Link
        to="/w/$workspaceId/jobs"
        params={{ workspaceId }}
        className="mb-3 inline-flex items-center gap-1 rounded-sm text-sm text-muted-foreground outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <ArrowLeft className="size-4" aria-hidden="true" />
        Training jobs
      </Link>
      <PageHeader
        title={`Predicting ${job.target}`}
        description={
          <>
            {dataset.data && version.data ? (
              <>
                <Link
                  to="/w/$workspaceId/datasets/$datasetId"
                  params={{ workspaceId, datasetId: dataset.data.id }}
                  search={{ version: version.data.id }}
                  className="rounded-sm font-medium text-foreground underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                >
                  {dataset.data.name} v{version.data.number}
                </Link>
                {" · "}
              </>
            ) : null}
            {`${job.task === "auto" ? "automatic task" : job.task} · ${job.metric === "auto" ? "automatic metric" : job.metric} · ${formatDuration(job.time_budget_s)} budget`}
          </>
        }
      />
      <JobView workspaceId={workspaceId} job={job} live={live} stream={stream} canCancel={workspace.role !== "viewer"} />
    </>
  );
}
