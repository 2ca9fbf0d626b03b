import { createFileRoute, redirect } from "@tanstack/react-router";

export const Route = createFileRoute("/_authed/w/$workspaceId/settings/")({
  beforeLoad: ({ params }) => {
    throw redirect({ to: "/w/$workspaceId/settings/members", params, replace: true });
  },
});
