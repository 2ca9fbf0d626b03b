import { createFileRoute } from "@tanstack/react-router";
import { PageHeader } from "@/components/page-header";
import { DatasetsEmptyState } from "@/features/datasets/datasets-empty-state";

export const Route = createFileRoute("/_authed/w/$workspaceId/datasets")({
  head: () => ({ meta: [{ title: "Datasets · Modelyard" }] }),
  component: DatasetsPage,
});

function DatasetsPage() {
  return (
    <>
      <PageHeader title="Datasets" description="Tables you upload or connect, with their versions and profiles." />
      <DatasetsEmptyState />
    </>
  );
}
