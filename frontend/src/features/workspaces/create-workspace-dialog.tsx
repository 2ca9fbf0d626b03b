import { useNavigate } from "@tanstack/react-router";
import { lazy, Suspense } from "react";
import type * as React from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";

// The dialog sits in the app shell of every page; its form (and react-hook-form) loads when it opens.
const CreateWorkspaceForm = lazy(() => import("./create-workspace-form").then((module) => ({ default: module.CreateWorkspaceForm })));

export function CreateWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: React.Dispatch<boolean> }) {
  const navigate = useNavigate();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create a workspace</DialogTitle>
          <DialogDescription>Workspaces hold datasets, models and the people who work on them. You will be its owner.</DialogDescription>
        </DialogHeader>
        <Suspense fallback={<Skeleton className="h-24 w-full" />}>
          <CreateWorkspaceForm
            onCreated={(workspace) => {
              onOpenChange(false);
              void navigate({ to: "/w/$workspaceId", params: { workspaceId: workspace.id } });
            }}
          />
        </Suspense>
      </DialogContent>
    </Dialog>
  );
}
