import { createFileRoute, Link, Outlet } from "@tanstack/react-router";
import { PageHeader } from "@/components/page-header";

const tabClass =
  "shrink-0 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground data-[status=active]:bg-accent data-[status=active]:text-foreground";

export const Route = createFileRoute("/_authed/w/$workspaceId/settings")({
  head: () => ({ meta: [{ title: "Settings · Modelyard" }] }),
  component: SettingsLayout,
});

function SettingsLayout() {
  const { workspaceId } = Route.useParams();
  const params = { workspaceId };
  return (
    <>
      <PageHeader title="Settings" description="Who can use this workspace, and how you sign in to Modelyard." />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[12rem_minmax(0,1fr)]">
        <nav aria-label="Settings" className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 lg:flex-col lg:overflow-visible">
          <p className="hidden px-3 pt-1 pb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase lg:block">Workspace</p>
          <Link to="/w/$workspaceId/settings/general" params={params} className={tabClass}>
            General
          </Link>
          <Link to="/w/$workspaceId/settings/members" params={params} className={tabClass}>
            Members
          </Link>
          <p className="hidden px-3 pt-4 pb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase lg:block">Your account</p>
          <Link to="/w/$workspaceId/settings/api-keys" params={params} className={tabClass}>
            API keys
          </Link>
          <Link to="/w/$workspaceId/settings/sessions" params={params} className={tabClass}>
            Sessions
          </Link>
        </nav>
        <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] content-start gap-6">
          <Outlet />
        </div>
      </div>
    </>
  );
}
