import { useQuery, useSuspenseQuery } from "@tanstack/react-query";
import { ignoreError } from "@/lib/query-client";
import { createFileRoute, Link } from "@tanstack/react-router";
import { Database, KeyRound, Users } from "lucide-react";
import type * as React from "react";
import { PageHeader } from "@/components/page-header";
import { PageSkeleton } from "@/components/route-status";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { apiKeysQueryOptions } from "@/features/api-keys/queries";
import { datasetsQueryOptions } from "@/features/datasets/queries";
import { jobsQueryOptions } from "@/features/jobs/queries";
import { meQueryOptions } from "@/features/auth/queries";
import { GettingStarted, stepLinkClass } from "@/features/dashboard/getting-started";
import { membersQueryOptions, workspaceQueryOptions } from "@/features/workspaces/queries";
import { ROLE_LABELS } from "@/features/workspaces/roles";

export const Route = createFileRoute("/_authed/w/$workspaceId/")({
  loader: ({ context, params }) => {
    void context.queryClient.query(membersQueryOptions(params.workspaceId)).catch(ignoreError);
    void context.queryClient.query(apiKeysQueryOptions()).catch(ignoreError);
    void context.queryClient.query(datasetsQueryOptions(params.workspaceId)).catch(ignoreError);
    void context.queryClient.query(jobsQueryOptions(params.workspaceId)).catch(ignoreError);
  },
  pendingComponent: PageSkeleton,
  component: DashboardPage,
});

function DashboardPage() {
  const { workspaceId } = Route.useParams();
  const { data: user } = useSuspenseQuery(meQueryOptions());
  const { data: workspace } = useSuspenseQuery(workspaceQueryOptions(workspaceId));
  const members = useQuery(membersQueryOptions(workspaceId));
  const apiKeys = useQuery(apiKeysQueryOptions());
  const datasets = useQuery(datasetsQueryOptions(workspaceId));
  const jobs = useQuery(jobsQueryOptions(workspaceId));
  const params = { workspaceId };
  const firstName = (user.name || user.email).split(/\s+/)[0];

  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description={`${workspace.name} · you are ${ROLE_LABELS[workspace.role].toLowerCase()}`} />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard icon={Users} label="Members" value={members.data?.length} loading={members.isPending} />
        <StatCard icon={KeyRound} label="Your API keys" value={apiKeys.data?.length} loading={apiKeys.isPending} />
        <StatCard icon={Database} label="Datasets" value={datasets.data?.length} loading={datasets.isPending} />
      </div>
      <div className="mt-6">
        <GettingStarted
          steps={[
            { id: "workspace", title: "Create a workspace", description: `${workspace.name} is ready.`, done: true },
            {
              id: "invite",
              title: "Invite your team",
              description: "Add colleagues as admins, members or viewers.",
              done: (members.data?.length ?? 0) > 1,
              action: (
                <Link className={stepLinkClass} to="/w/$workspaceId/settings/members" params={params}>
                  Invite
                </Link>
              ),
            },
            {
              id: "api-key",
              title: "Create an API key",
              description: "Call Modelyard from notebooks, scripts and CI.",
              done: (apiKeys.data?.length ?? 0) > 0,
              action: (
                <Link className={stepLinkClass} to="/w/$workspaceId/settings/api-keys" params={params}>
                  Create key
                </Link>
              ),
            },
            {
              id: "dataset",
              title: "Import a sample dataset",
              description: "Profile a table, then train your first model on it.",
              done: (datasets.data?.length ?? 0) > 0,
              action: (
                <Link className={stepLinkClass} to="/w/$workspaceId/datasets" params={params}>
                  Import
                </Link>
              ),
            },
            {
              id: "train",
              title: "Train a model",
              description: "Pick the column to predict; Modelyard searches for the best model.",
              done: (jobs.data?.length ?? 0) > 0,
              action: (
                <Link className={stepLinkClass} to="/w/$workspaceId/train" params={params}>
                  Train
                </Link>
              ),
            },
          ]}
        />
      </div>
    </>
  );
}

function StatCard({ icon: Icon, label, value, loading = false, hint }: { icon: React.ComponentType<{ className?: string }>; label: string; value: number | undefined; loading?: boolean; hint?: string }) {
  return (
    <Card className="gap-2 py-5">
      <CardHeader className="flex flex-row items-center justify-between px-5">
        <CardDescription>{label}</CardDescription>
        <Icon className="size-4 text-muted-foreground" aria-hidden="true" />
      </CardHeader>
      <CardContent className="px-5">
        {loading ? (
          <Skeleton className="h-8 w-12" />
        ) : (
          <CardTitle as="h3" className="text-3xl font-semibold tabular-nums">
            {value ?? "—"}
          </CardTitle>
        )}
        {hint && <p className="mt-1 text-xs text-muted-foreground">{hint}</p>}
      </CardContent>
    </Card>
  );
}
