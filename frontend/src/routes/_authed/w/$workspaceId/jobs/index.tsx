import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { GraduationCap } from "lucide-react";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { datasetsQueryOptions } from "@/features/datasets/queries";
import { JobsEmptyState, JobsList } from "@/features/jobs/jobs-list";
import { jobsQueryOptions } from "@/features/jobs/queries";
import { workspaceQueryOptions } from "@/features/workspaces/queries";
import { ignoreError } from "@/lib/query-client";

export const Route = createFileRoute("/_authed/w/$workspaceId/jobs/")({
  head: () => ({ meta: [{ title: "Training jobs · Modelyard" }] }),
  loader: ({ context, params }) => {
    void context.queryClient.query(jobsQueryOptions(params.workspaceId)).catch(ignoreError);
  },
  component: JobsPage,
});

function JobsPage() {
  const { workspaceId } = Route.useParams();
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const jobs = useQuery(jobsQueryOptions(workspaceId));
  const datasets = useQuery({ ...datasetsQueryOptions(workspaceId), enabled: jobs.data?.length === 0 });
  const canWrite = workspace.role !== "viewer";
  return (
    <>
      <PageHeader
        title="Training jobs"
        description="Every AutoML search in this workspace, live while it runs."
        actions={
          canWrite && (jobs.data?.length ?? 0) > 0 ? (
            <Button asChild>
              <Link to="/w/$workspaceId/train" params={{ workspaceId }}>
                <GraduationCap aria-hidden="true" />
                Train a model
              </Link>
            </Button>
          ) : undefined
        }
      />
      {jobs.isPending ? (
        <div className="grid gap-3" role="status" aria-label="Loading training jobs">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} className="h-12 w-full" />
          ))}
        </div>
      ) : jobs.isError ? (
        <ProblemAlert error={jobs.error} />
      ) : jobs.data.length > 0 ? (
        <Card className="py-2">
          <CardContent className="px-2 sm:px-4">
            <JobsList jobs={jobs.data} workspaceId={workspaceId} />
          </CardContent>
        </Card>
      ) : (
        <JobsEmptyState workspaceId={workspaceId} canWrite={canWrite} hasDatasets={(datasets.data?.length ?? 0) > 0} />
      )}
    </>
  );
}
