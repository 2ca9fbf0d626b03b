import { useState } from "react";
import type * as React from "react";
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
import { notifySuccess } from "@/lib/notify";
import { useDeleteDataset } from "./queries";

interface DeleteDatasetDialogProps {
  workspaceId: string;
  datasetId: string;
  datasetName: string;
  trigger: React.ReactElement;
  onDeleted: () => void;
}

/**
 * Confirms, then deletes. A dataset that models were trained on answers 409; its
 * message (which names the models) and hint stay in the dialog.
 */
export function DeleteDatasetDialog({ workspaceId, datasetId, datasetName, trigger, onDeleted }: DeleteDatasetDialogProps) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteDataset(workspaceId);
  const confirm = async () => {
    try {
      await remove.mutateAsync(datasetId);
      setOpen(false);
      notifySuccess(`Dataset “${datasetName}” deleted`);
      onDeleted();
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  };
  return (
    <AlertDialog
      open={open}
      onOpenChange={(next) => {
        if (remove.isPending) return;
        if (next) remove.reset();
        setOpen(next);
      }}
    >
      <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete “{datasetName}”?</AlertDialogTitle>
          <AlertDialogDescription>Every version, its file and its profile are removed. This cannot be undone.</AlertDialogDescription>
        </AlertDialogHeader>
        {remove.isError && <ProblemAlert error={remove.error} />}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" onClick={confirm} pending={remove.isPending}>
            Delete dataset
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
