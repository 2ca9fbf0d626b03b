import { Link } from "@tanstack/react-router";
import { Boxes, Sparkles } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { Button } from "@/components/ui/button";

/** No models yet: the next step is to train one from a dataset. */
export function ModelsEmptyState({ workspaceId, canWrite }: { workspaceId: string; canWrite: boolean }) {
  return (
    <EmptyState
      icon={Boxes}
      title="No models yet"
      description={
        <p>
          A model appears here when a training job finishes. Pick a dataset and a column to predict; Modelyard tries many algorithms within your time
          budget and keeps the best.
        </p>
      }
    >
      {canWrite ? (
        <Button asChild>
          <Link to="/w/$workspaceId/train" params={{ workspaceId }} search={{}}>
            <Sparkles aria-hidden="true" />
            Train a model
          </Link>
        </Button>
      ) : (
        <p className="text-xs text-muted-foreground">Viewers can look but not train. Ask an admin of this workspace for the member role.</p>
      )}
    </EmptyState>
  );
}
