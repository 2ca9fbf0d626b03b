import { createFileRoute, Link, useNavigate } from "@tanstack/react-router";
import { MailOpen } from "lucide-react";
import { Logo } from "@/components/app-shell/app-shell";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { useAcceptInvitation } from "@/features/workspaces/queries";
import { notifyProblem, notifySuccess } from "@/lib/notify";

/** Where an invitation's accept link lands; signed-out visitors sign in (or up) first and come back. */
export const Route = createFileRoute("/_authed/invitations/$token")({
  head: () => ({ meta: [{ title: "Join a workspace · Modelyard" }] }),
  component: AcceptInvitationPage,
});

function AcceptInvitationPage() {
  const { token } = Route.useParams();
  const { user } = Route.useRouteContext();
  const accept = useAcceptInvitation();
  const navigate = useNavigate();

  const onAccept = async () => {
    try {
      const { workspace } = await accept.mutateAsync(token);
      notifySuccess(`You joined ${workspace.name}`);
      await navigate({ to: "/w/$workspaceId", params: { workspaceId: workspace.id } });
    } catch (error) {
      notifyProblem(error, "Could not accept the invitation");
    }
  };

  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-muted/40 px-4">
      <Logo />
      <Card className="w-full max-w-md">
        <CardHeader>
          <MailOpen className="size-8 text-primary" aria-hidden="true" />
          <CardTitle as="h1" className="text-xl">
            You have been invited
          </CardTitle>
          <CardDescription>
            Accept to join the workspace as {user.name || user.email} ({user.email}).
          </CardDescription>
        </CardHeader>
        {accept.isError && (
          <CardContent>
            <ProblemAlert error={accept.error} />
          </CardContent>
        )}
        <CardFooter className="gap-2">
          <Button onClick={onAccept} pending={accept.isPending}>
            {accept.isPending ? "Joining…" : "Accept invitation"}
          </Button>
          <Button variant="ghost" asChild>
            <Link to="/">Not now</Link>
          </Button>
        </CardFooter>
      </Card>
    </div>
  );
}
