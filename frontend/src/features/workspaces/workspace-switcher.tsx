import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { ChevronsUpDown, Plus } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuCheckItem,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import type { Workspace } from "@/lib/api";
import { CreateWorkspaceDialog } from "./create-workspace-dialog";
import { workspacesQueryOptions } from "./queries";
import { ROLE_LABELS } from "./roles";

export function WorkspaceAvatar({ name }: { name: string }) {
  return (
    <span aria-hidden="true" className="flex size-7 shrink-0 items-center justify-center rounded-md bg-primary text-xs font-semibold text-primary-foreground">
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}

export function WorkspaceSwitcher({ current }: { current: Workspace }) {
  const workspaces = useQuery(workspacesQueryOptions());
  const navigate = useNavigate();
  const [createOpen, setCreateOpen] = useState(false);

  return (
    <>
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" className="h-auto w-full justify-start gap-2 px-2 py-2 text-left" aria-label={`Workspace: ${current.name}. Switch workspace`}>
            <WorkspaceAvatar name={current.name} />
            <span className="grid min-w-0 flex-1 leading-tight">
              <span className="truncate font-semibold">{current.name}</span>
              <span className="truncate text-xs text-muted-foreground">{ROLE_LABELS[current.role]}</span>
            </span>
            <ChevronsUpDown className="ml-auto text-muted-foreground" aria-hidden="true" />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start" className="w-64">
          <DropdownMenuLabel className="text-xs text-muted-foreground">Workspaces</DropdownMenuLabel>
          {workspaces.isPending && <DropdownMenuItem disabled>Loading…</DropdownMenuItem>}
          {workspaces.data?.map((workspace) => (
            <DropdownMenuCheckItem
              key={workspace.id}
              checked={workspace.id === current.id}
              onSelect={() => void navigate({ to: "/w/$workspaceId", params: { workspaceId: workspace.id } })}
            >
              <span className="truncate">{workspace.name}</span>
              <span className="ml-auto text-xs text-muted-foreground">{ROLE_LABELS[workspace.role]}</span>
            </DropdownMenuCheckItem>
          ))}
          <DropdownMenuSeparator />
          <DropdownMenuItem onSelect={() => setCreateOpen(true)}>
            <Plus aria-hidden="true" />
            Create workspace
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <CreateWorkspaceDialog open={createOpen} onOpenChange={setCreateOpen} />
    </>
  );
}
