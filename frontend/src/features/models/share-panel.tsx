import { useQuery } from "@tanstack/react-query";
import { Share2 } from "lucide-react";
import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { workspacesQueryOptions } from "@/features/workspaces/queries";
import { formatRelative } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { sharesQueryOptions, useRevokeShare, useShareModel } from "./queries";

const OTHER = "__other__";

/** Read-only access for another workspace; owners and admins grant and revoke it. */
export function SharePanel({ workspaceId, modelId, canShare }: { workspaceId: string; modelId: string; canShare: boolean }) {
  const shares = useQuery(sharesQueryOptions(workspaceId, modelId));
  const workspaces = useQuery(workspacesQueryOptions());
  const revoke = useRevokeShare(workspaceId, modelId);
  const names = new Map((workspaces.data ?? []).map((workspace) => [workspace.id, workspace.name]));
  const sharedWith = new Set((shares.data ?? []).map((share) => share.target_workspace_id));
  const candidates = (workspaces.data ?? []).filter((workspace) => workspace.id !== workspaceId && !sharedWith.has(workspace.id));

  return (
    <div className="grid gap-4">
      {shares.isPending ? (
        <Skeleton className="h-10 w-full" />
      ) : shares.isError ? (
        <ProblemAlert error={shares.error} />
      ) : shares.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">Not shared. Only members of this workspace can see this model.</p>
      ) : (
        <ul className="grid gap-2" aria-label="Shared with">
          {shares.data.map((share) => (
            <li key={share.id} className="flex items-center justify-between gap-3 rounded-md border px-3 py-2 text-sm">
              <div className="min-w-0">
                <p className="truncate font-medium">{names.get(share.target_workspace_id) ?? share.target_workspace_id}</p>
                <p className="text-xs text-muted-foreground">Read-only · shared {formatRelative(share.created_at)}</p>
              </div>
              {canShare && (
                <ConfirmDialog
                  trigger={
                    <Button variant="outline" size="sm">
                      Revoke
                    </Button>
                  }
                  title="Revoke this share?"
                  description="The other workspace loses access to this model and its versions at once."
                  confirmLabel="Revoke"
                  onConfirm={async () => {
                    try {
                      await revoke.mutateAsync(share.id);
                      notifySuccess("Share revoked");
                      return true;
                    } catch (error) {
                      notifyProblem(error, "Could not revoke");
                      return false;
                    }
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {canShare ? (
        <ShareForm workspaceId={workspaceId} modelId={modelId} candidates={candidates} />
      ) : (
        <p className="text-xs text-muted-foreground">Only owners and admins can share models.</p>
      )}
    </div>
  );
}

function ShareForm({ workspaceId, modelId, candidates }: { workspaceId: string; modelId: string; candidates: { id: string; name: string }[] }) {
  const share = useShareModel(workspaceId, modelId);
  const [choice, setChoice] = useState<string>("");
  const [otherId, setOtherId] = useState("");
  const target = choice === OTHER ? otherId.trim() : choice;

  const submit = async (event: React.SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!target) return;
    try {
      await share.mutateAsync(target);
      notifySuccess("Model shared", "The other workspace can now read it and its versions.");
      setChoice("");
      setOtherId("");
    } catch (error) {
      notifyProblem(error, "Could not share");
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-3" aria-label="Share model">
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_auto] sm:items-end">
        <FormField label="Share with workspace">
          {(field) => (
            <Select value={choice} onValueChange={setChoice}>
              <SelectTrigger {...field} className="w-full">
                <SelectValue placeholder="Choose a workspace" />
              </SelectTrigger>
              <SelectContent>
                {candidates.map((workspace) => (
                  <SelectItem key={workspace.id} value={workspace.id}>
                    {workspace.name}
                  </SelectItem>
                ))}
                <SelectItem value={OTHER}>Another workspace, by id…</SelectItem>
              </SelectContent>
            </Select>
          )}
        </FormField>
        <Button type="submit" pending={share.isPending} disabled={!target}>
          <Share2 aria-hidden="true" />
          Share
        </Button>
      </div>
      {choice === OTHER && (
        <FormField label="Workspace id" description="Ask an admin of that workspace for its id (it starts with ws_).">
          {(field) => <Input {...field} value={otherId} onChange={(event) => setOtherId(event.target.value)} placeholder="ws_…" autoComplete="off" />}
        </FormField>
      )}
      {share.isError && <ProblemAlert error={share.error} />}
    </form>
  );
}
