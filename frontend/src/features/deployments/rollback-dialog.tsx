import { Undo2 } from "lucide-react";
import { useId, useState } from "react";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { Deployment } from "@/lib/api/deployments";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { useRollback } from "./queries";

interface RollbackDialogProps {
  workspaceId: string;
  deployment: Deployment;
  /** The version served now and the one a rollback returns to; `target` null: nothing to roll back to. */
  servedNumber: number | undefined;
  target: { id: string; number: number | undefined } | null;
}

/** Serve again the version the current revision replaced, after a confirmation naming it. */
export function RollbackDialog({ workspaceId, deployment, servedNumber, target }: RollbackDialogProps) {
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState("");
  const rollback = useRollback(workspaceId, deployment.id);
  const hintId = useId();
  const targetName = target?.number === undefined ? "the previous version" : `version ${target.number}`;

  const onOpenChange = (next: boolean) => {
    if (rollback.isPending) return;
    setOpen(next);
    if (!next) {
      setComment("");
      rollback.reset();
    }
  };

  const confirm = async () => {
    try {
      await rollback.mutateAsync({ comment: comment.trim() });
    } catch (error) {
      notifyProblem(error, "Could not roll back");
      return;
    }
    notifySuccess(`Rolled back to ${targetName}`);
    onOpenChange(false);
  };

  return (
    <>
      <AlertDialog open={open} onOpenChange={onOpenChange}>
        <AlertDialogTrigger asChild>
          <Button variant="outline" disabled={target === null} aria-describedby={target === null ? hintId : undefined}>
            <Undo2 aria-hidden="true" />
            Roll back
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Roll back to {targetName}?</AlertDialogTitle>
            <AlertDialogDescription>
              {deployment.name} stops serving {servedNumber === undefined ? "its current version" : `version ${servedNumber}`} and serves {targetName} again, as
              a new revision. Requests in flight finish on the current version.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <ProblemAlert error={rollback.error} />
          <FormField label="Comment (optional)" description="Why you roll back; kept with the revision.">
            {(field) => <Input {...field} value={comment} onChange={(event) => setComment(event.target.value)} maxLength={500} autoComplete="off" />}
          </FormField>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={rollback.isPending}>Cancel</AlertDialogCancel>
            <Button onClick={() => void confirm()} pending={rollback.isPending}>
              Roll back to {targetName}
            </Button>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
      {target === null && (
        <span id={hintId} className="sr-only">
          Nothing to roll back to: this revision did not replace a version.
        </span>
      )}
    </>
  );
}
