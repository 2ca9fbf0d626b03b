import { Database, Upload } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

/**
 * Shown while the workspace has no datasets. Importing arrives with the
 * datasets API; until then the actions are visible but explained, not hidden.
 */
export function DatasetsEmptyState() {
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
      <Button disabled aria-describedby="datasets-coming-soon">
        <Database aria-hidden="true" />
        Import a sample dataset
      </Button>
      <Button variant="outline" disabled aria-describedby="datasets-coming-soon">
        <Upload aria-hidden="true" />
        Upload a file
      </Button>
      <p id="datasets-coming-soon" className="basis-full text-xs text-muted-foreground sm:mt-0">
        Dataset import is not available on this server yet — it arrives with the datasets API in an upcoming release.
      </p>
    </EmptyState>
  );
}
