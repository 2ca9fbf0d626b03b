import { createFileRoute } from "@tanstack/react-router";
import { PageHeader } from "@/components/page-header";
import { datasetsQueryOptions } from "@/features/datasets/queries";
import { TrainingWizard } from "@/features/training/training-wizard";
import { ignoreError } from "@/lib/query-client";

interface TrainSearch {
  dataset?: string | undefined;
  version?: string | undefined;
  target?: string | undefined;
}

const text = (value: unknown) => (typeof value === "string" && value ? value : undefined);

export const Route = createFileRoute("/_authed/w/$workspaceId/train")({
  validateSearch: (search: Record<string, unknown>): TrainSearch => ({ dataset: text(search.dataset), version: text(search.version), target: text(search.target) }),
  head: () => ({ meta: [{ title: "Train a model · Modelyard" }] }),
  loader: ({ context, params }) => {
    void context.queryClient.query(datasetsQueryOptions(params.workspaceId)).catch(ignoreError);
  },
  component: TrainPage,
});

function TrainPage() {
  const { workspaceId } = Route.useParams();
  const search = Route.useSearch();
  return (
    <>
      <PageHeader title="Train a model" description="Pick a dataset and the column to predict; Modelyard searches for the best model within your time budget." />
      <TrainingWizard key={`${search.dataset ?? ""}/${search.version ?? ""}/${search.target ?? ""}`} workspaceId={workspaceId} initial={search} />
    </>
  );
}
