import { useNavigate } from "@tanstack/react-router";
import type * as React from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { CreateWorkspaceForm } from "./create-workspace-form";

export function CreateWorkspaceDialog({ open, onOpenChange }: { open: boolean; onOpenChange: React.Dispatch<boolean> }) {
  const navigate = useNavigate();
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Create a workspace</DialogTitle>
          <DialogDescription>Workspaces hold datasets, models and the people who work on them. You will be its owner.</DialogDescription>
        </DialogHeader>
        <CreateWorkspaceForm
          onCreated={(workspace) => {
            onOpenChange(false);
            void navigate({ to: "/w/$workspaceId", params: { workspaceId: workspace.id } });
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
