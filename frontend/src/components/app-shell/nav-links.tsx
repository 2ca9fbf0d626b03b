import { Link } from "@tanstack/react-router";
import { Boxes, Database, GraduationCap, LayoutDashboard, Rocket, Settings } from "lucide-react";

const linkClass =
  "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:bg-accent hover:text-accent-foreground data-[status=active]:bg-accent data-[status=active]:text-foreground [&_svg]:size-4";

/** Primary navigation inside a workspace; shared by the sidebar and the mobile sheet. */
export function NavLinks({ workspaceId, onNavigate }: { workspaceId: string; onNavigate?: () => void }) {
  const params = { workspaceId };
  return (
    <nav aria-label="Main" className="grid gap-1">
      <Link to="/w/$workspaceId" params={params} activeOptions={{ exact: true }} className={linkClass} onClick={onNavigate}>
        <LayoutDashboard aria-hidden="true" />
        Dashboard
      </Link>
      <Link to="/w/$workspaceId/datasets" params={params} className={linkClass} onClick={onNavigate}>
        <Database aria-hidden="true" />
        Datasets
      </Link>
      <Link to="/w/$workspaceId/jobs" params={params} className={linkClass} onClick={onNavigate}>
        <GraduationCap aria-hidden="true" />
        Training
      </Link>
      <Link to="/w/$workspaceId/models" params={params} className={linkClass} onClick={onNavigate}>
        <Boxes aria-hidden="true" />
        Models
      </Link>
      <Link to="/w/$workspaceId/deployments" params={params} className={linkClass} onClick={onNavigate}>
        <Rocket aria-hidden="true" />
        Deployments
      </Link>
      <Link to="/w/$workspaceId/settings" params={params} className={linkClass} onClick={onNavigate}>
        <Settings aria-hidden="true" />
        Settings
      </Link>
    </nav>
  );
}
