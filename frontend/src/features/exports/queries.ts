import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { exportsApi } from "@/lib/api/exports";

export const exportKeys = {
  all: (workspaceId: string) => ["workspaces", workspaceId, "exports"] as const,
  formats: (workspaceId: string, versionId: string) => [...exportKeys.all(workspaceId), "formats", versionId] as const,
  forVersion: (workspaceId: string, versionId: string) => [...exportKeys.all(workspaceId), "version", versionId] as const,
};

function isRunning(status: string): boolean {
  return status === "queued" || status === "running";
}

export const exportFormatsQueryOptions = (workspaceId: string, versionId: string) =>
  queryOptions({
    queryKey: exportKeys.formats(workspaceId, versionId),
    queryFn: ({ signal }) => exportsApi.formats(workspaceId, versionId, { signal }),
    select: (answer) => answer.formats,
    staleTime: 5 * 60_000,
  });

export const versionExportsQueryOptions = (workspaceId: string, versionId: string) =>
  queryOptions({
    queryKey: exportKeys.forVersion(workspaceId, versionId),
    queryFn: ({ signal }) => exportsApi.listForVersion(workspaceId, versionId, { signal }),
    select: (page) => page.items,
    refetchInterval: (query) => (query.state.data?.items.some((item) => isRunning(item.status)) ? 1000 : false),
  });

export function useCreateExport(workspaceId: string, versionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (format: string) => exportsApi.create(workspaceId, versionId, format),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: exportKeys.forVersion(workspaceId, versionId) }),
  });
}

/** A short-lived signed link; the browser then downloads the zip without needing the session. */
export function useDownloadLink(workspaceId: string) {
  return useMutation({ mutationFn: (exportId: string) => exportsApi.createDownloadLink(workspaceId, exportId, 600) });
}
