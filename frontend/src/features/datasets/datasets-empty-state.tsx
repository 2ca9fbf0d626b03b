import { Database, Upload } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";
import { SampleDatasetsDialog } from "./sample-datasets-dialog";

/** Shown while the workspace has no datasets: the next step is one click away. */
export function DatasetsEmptyState({ workspaceId, canWrite }: { workspaceId: string; canWrite: boolean }) {
  return (
    <EmptyState
      icon={Database}
      title="No datasets yet"
      description={
        <p>
          Datasets are the tables Modelyard learns from. Start with a sample dataset to see the whole journey — profile, train, compare and
          deploy — in a few minutes.
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
        <Button disabled aria-describedby="datasets-read-only">
          <Database aria-hidden="true" />
          Import a sample dataset
        </Button>
      )}
      <Button variant="outline" disabled aria-describedby="datasets-upload-soon">
        <Upload aria-hidden="true" />
        Upload a file
      </Button>
      {!canWrite && (
        <p id="datasets-read-only" className="basis-full text-xs text-muted-foreground">
          Viewers can look but not add data. Ask an admin of this workspace for the member role.
        </p>
      )}
      <p id="datasets-upload-soon" className="basis-full text-xs text-muted-foreground">
        Uploading your own file from the browser is coming in the next release of the web app; the API already accepts uploads.
      </p>
    </EmptyState>
  );
}
