import { ignoreError } from "@/lib/query-client";
import { createFileRoute } from "@tanstack/react-router";
import { ApiKeysPanel } from "@/features/api-keys/api-keys-panel";
import { apiKeysQueryOptions } from "@/features/api-keys/queries";

export const Route = createFileRoute("/_authed/w/$workspaceId/settings/api-keys")({
  head: () => ({ meta: [{ title: "API keys · Modelyard" }] }),
  loader: ({ context }) => {
    void context.queryClient.query(apiKeysQueryOptions()).catch(ignoreError);
  },
  component: ApiKeysPanel,
});
