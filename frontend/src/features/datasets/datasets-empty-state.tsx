import { Database } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { DatasetUploader } from "./dataset-uploader";
import { SampleDatasetsDialog } from "./sample-datasets-dialog";
import type { useDatasetUploads } from "./use-dataset-uploads";

interface DatasetsEmptyStateProps {
  workspaceId: string;
  canWrite: boolean;
  /** Present for members who may upload. */
  uploads?: ReturnType<typeof useDatasetUploads>;
}

/** Shown while the workspace has no datasets: the next step is one click away. */
export function DatasetsEmptyState({ workspaceId, canWrite, uploads }: DatasetsEmptyStateProps) {
  return (
    <div className="grid gap-4">
      <EmptyState
        icon={Database}
        title="No datasets yet"
        description={
          <p>
            Datasets are the tables Modelyard learns from. Start with a sample dataset to see the whole journey — profile, train, compare and
            deploy — in a few minutes, or upload your own file below.
          </p>
        }
      >
        {canWrite ? (
          <SampleDatasetsDialog
            workspaceId={workspaceId}
            trigger={
              <Button>
                <Database aria-hidden="true" />
                Import a sample dataset
              </Button>
            }
          />
        ) : (
          <>
            <Button disabled aria-describedby="datasets-read-only">
              <Database aria-hidden="true" />
              Import a sample dataset
            </Button>
            <p id="datasets-read-only" className="basis-full text-xs text-muted-foreground">
              Viewers can look but not add data. Ask an admin of this workspace for the member role.
            </p>
          </>
        )}
      </EmptyState>
      {canWrite && uploads && <DatasetUploader workspaceId={workspaceId} uploads={uploads} />}
    </div>
  );
}
