import { ignoreError } from "@/lib/query-client";
import { createFileRoute } from "@tanstack/react-router";
import { sessionsQueryOptions } from "@/features/auth/queries";
import { SessionsList } from "@/features/auth/sessions-list";

export const Route = createFileRoute("/_authed/w/$workspaceId/settings/sessions")({
  head: () => ({ meta: [{ title: "Sessions · Modelyard" }] }),
  loader: ({ context }) => {
    void context.queryClient.query(sessionsQueryOptions()).catch(ignoreError);
  },
  component: SessionsList,
});
