import { useQuery } from "@tanstack/react-query";
import { createFileRoute, Link } from "@tanstack/react-router";
import { Boxes, Rocket } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { DeploymentsList } from "@/features/deployments/deployments-list";
import { deploymentsQueryOptions } from "@/features/deployments/queries";
import { ignoreError } from "@/lib/query-client";

export const Route = createFileRoute("/_authed/w/$workspaceId/deployments/")({
  head: () => ({ meta: [{ title: "Deployments · Modelyard" }] }),
  loader: ({ context, params }) => {
    void context.queryClient.query(deploymentsQueryOptions(params.workspaceId)).catch(ignoreError);
  },
  component: DeploymentsPage,
});

function DeploymentsPage() {
  const { workspaceId } = Route.useParams();
  const deployments = useQuery(deploymentsQueryOptions(workspaceId));
  return (
    <>
      <PageHeader title="Deployments" description="Model versions behind a prediction endpoint." />
      {deployments.isPending ? (
        <div className="grid gap-3" role="status" aria-label="Loading deployments">
          {[0, 1].map((row) => (
            <Skeleton key={row} className="h-12 w-full" />
          ))}
        </div>
      ) : deployments.isError ? (
        <ProblemAlert error={deployments.error} />
      ) : deployments.data.length > 0 ? (
        <Card className="py-2">
          <CardContent className="px-2 sm:px-4">
            <DeploymentsList workspaceId={workspaceId} deployments={deployments.data} />
          </CardContent>
        </Card>
      ) : (
        <EmptyState icon={Rocket} title="Nothing deployed yet" description={<p>Open a model version and press Deploy: it gets a prediction endpoint and a form to try it.</p>}>
          <Button asChild>
            <Link to="/w/$workspaceId/models" params={{ workspaceId }}>
              <Boxes aria-hidden="true" />
              Choose a model
            </Link>
          </Button>
        </EmptyState>
      )}
    </>
  );
}
