import { createFileRoute, useNavigate } from "@tanstack/react-router";
import { Logo } from "@/components/app-shell/app-shell";
import { ThemeToggle } from "@/components/app-shell/theme-toggle";
import { SignOutButton } from "@/features/auth/sign-out-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CreateWorkspaceForm } from "@/features/workspaces/create-workspace-form";

export const Route = createFileRoute("/_authed/welcome")({
  head: () => ({ meta: [{ title: "Create your first workspace · Modelyard" }] }),
  component: WelcomePage,
});

function WelcomePage() {
  const { user } = Route.useRouteContext();
  const navigate = useNavigate();
  return (
    <div className="flex min-h-dvh flex-col bg-muted/40">
      <header className="flex items-center justify-between p-4">
        <Logo />
        <div className="flex items-center gap-1">
          <ThemeToggle />
          <SignOutButton />
        </div>
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0">
        <Card className="w-full max-w-md">
          <CardHeader>
            <CardTitle as="h1" className="text-xl">Welcome, {user.name || user.email}</CardTitle>
            <CardDescription>Create a workspace for your team. You can invite people and add datasets next.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateWorkspaceForm onCreated={(workspace) => void navigate({ to: "/w/$workspaceId", params: { workspaceId: workspace.id } })} />
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
