import { useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ChoiceSelect } from "@/components/choice-select";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { KeyCreated } from "@/features/api-keys/create-api-key-dialog";
import { EXPIRY_CHOICES, type ExpiryChoice, expiresAtFor } from "@/features/api-keys/queries";
import { type ApiKeyCreated, isProblem, toProblem } from "@/lib/api";
import type { Deployment, DeploymentKey } from "@/lib/api/deployments";
import { formatDate, formatRelative, isPast } from "@/lib/format";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { EndpointSnippet } from "./endpoint-snippet";
import { deploymentApiKeysQueryOptions, deploymentKeys, useCreateDeploymentKey, useRevokeDeploymentKey } from "./queries";

interface DeploymentKeysProps {
  workspaceId: string;
  deployment: Deployment;
  canWrite: boolean;
  /** An example input for the snippet shown with a new key. */
  record: Record<string, unknown>;
}

/**
 * Keys that may only predict on (and send actuals to) this deployment: safe to hand to one
 * application. Lists every live key bound to it, whoever made it, and any deployer may revoke
 * them. Viewers may not list them (the API answers 403), so they only read how to get one.
 */
export function DeploymentKeys({ workspaceId, deployment, canWrite, record }: DeploymentKeysProps) {
  if (!canWrite) {
    return <p className="text-sm text-muted-foreground">Members and admins see and manage this deployment’s keys. Ask one of them for a key for your application.</p>;
  }
  return (
    <div className="grid gap-4">
      <DeploymentKeyList workspaceId={workspaceId} deployment={deployment} />
      <div>
        <CreateDeploymentKeyDialog workspaceId={workspaceId} deployment={deployment} record={record} />
      </div>
    </div>
  );
}

function DeploymentKeyList({ workspaceId, deployment }: { workspaceId: string; deployment: Deployment }) {
  const keys = useQuery(deploymentApiKeysQueryOptions(workspaceId, deployment.id));
  if (keys.isPending) return <Skeleton className="h-14 w-full" />;
  if (keys.isError) return <ProblemAlert error={keys.error} />;
  const { items, next_cursor } = keys.data;
  if (items.length === 0) {
    return <p className="text-sm text-muted-foreground">No key is bound to this deployment yet. Create one for each application that calls it.</p>;
  }
  return (
    <div className="grid gap-2">
      <ul className="grid gap-2" aria-label="API keys for this deployment">
        {items.map((key) => (
          <DeploymentKeyItem key={key.id} workspaceId={workspaceId} deploymentId={deployment.id} apiKey={key} />
        ))}
      </ul>
      {next_cursor !== null && <p className="text-xs text-muted-foreground">Showing the first {items.length} keys.</p>}
    </div>
  );
}

function DeploymentKeyItem({ workspaceId, deploymentId, apiKey }: { workspaceId: string; deploymentId: string; apiKey: DeploymentKey }) {
  const revoke = useRevokeDeploymentKey(workspaceId, deploymentId);
  const queryClient = useQueryClient();
  const expired = apiKey.expires_at !== null && isPast(apiKey.expires_at);
  const maker = apiKey.created_by.name || apiKey.created_by.email;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 rounded-md border px-3 py-2 text-sm">
      <div className="min-w-0">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          <span className="break-all">{apiKey.name}</span>
          <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs font-normal">{apiKey.prefix}…</code>
          {expired && <Badge variant="destructive">Expired</Badge>}
        </p>
        <p className="text-xs text-muted-foreground">
          by {maker} · {apiKey.last_used_at ? `used ${formatRelative(apiKey.last_used_at)}` : "never used"} ·{" "}
          {apiKey.expires_at === null ? "never expires" : `${expired ? "expired" : "expires"} ${formatDate(apiKey.expires_at)}`}
        </p>
      </div>
      <ConfirmDialog
        trigger={
          <Button variant="outline" size="sm" aria-label={`Revoke ${apiKey.name}`}>
            Revoke
          </Button>
        }
        title={`Revoke “${apiKey.name}”?`}
        description={`${maker} made this key. Programs using it get 401 errors within a few seconds. This cannot be undone.`}
        confirmLabel="Revoke key"
        onConfirm={async () => {
          try {
            await revoke.mutateAsync(apiKey.id);
          } catch (error) {
            notifyProblem(error, "Could not revoke the key");
            // Someone else revoked it (or the deployment went away): show the list as it is now.
            if (isProblem(error, 404)) {
              await queryClient.invalidateQueries({ queryKey: deploymentKeys.apiKeys(workspaceId, deploymentId) });
              return true;
            }
            return false;
          }
          notifySuccess(`API key “${apiKey.name}” revoked`);
          return true;
        }}
      />
    </li>
  );
}

interface Values {
  name: string;
  expiry: ExpiryChoice;
}

export function CreateDeploymentKeyDialog({ workspaceId, deployment, record }: { workspaceId: string; deployment: Deployment; record: Record<string, unknown> }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    // The secret lives only in this dialog: closing it forgets the key for good.
    if (!next) setCreated(null);
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <KeyRound aria-hidden="true" />
          Create a key for this deployment
        </Button>
      </DialogTrigger>
      <DialogContent
        onInteractOutside={(event) => {
          if (created) event.preventDefault();
        }}
      >
        {created ? (
          <KeyCreated apiKey={created} onDone={() => onOpenChange(false)}>
            <EndpointSnippet predictUrl={deployment.predict_url} record={record} label="Call the endpoint" />
          </KeyCreated>
        ) : (
          <CreateDeploymentKeyForm workspaceId={workspaceId} deployment={deployment} onCreated={setCreated} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function CreateDeploymentKeyForm({ workspaceId, deployment, onCreated }: { workspaceId: string; deployment: Deployment; onCreated: (key: ApiKeyCreated) => void }) {
  const create = useCreateDeploymentKey(workspaceId, deployment.id);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({ defaultValues: { name: "", expiry: "90" } });
  const { errors } = form.formState;

  const onSubmit = form.handleSubmit(async ({ name, expiry }) => {
    setFormError(null);
    try {
      const key = await create.mutateAsync({ name: name.trim(), expires_at: expiresAtFor(expiry) });
      notifySuccess(`API key “${key.name}” created`, "Copy it now: it will not be shown again.");
      onCreated(key);
    } catch (error) {
      const problem = toProblem(error);
      const mapped = applyProblemToForm(problem, form.setError, ["name"]);
      const expiryError = problem.fieldErrors().expires_at;
      if (expiryError) form.setError("expiry", { type: "server", message: expiryError });
      if (!mapped && !expiryError) setFormError(problem);
      notifyProblem(problem, "Could not create the API key");
    }
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>Create a key for {deployment.name}</DialogTitle>
        <DialogDescription>It may only predict on this deployment and send its actuals: nothing else in Modelyard. Give each application its own key.</DialogDescription>
      </DialogHeader>
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4" aria-label="Create a deployment API key">
        <ProblemAlert error={formError} />
        <FormField label="Name" error={errors.name?.message} description="Which application uses it, e.g. “Checkout service”.">
          {(field) => (
            <Input
              {...field}
              autoFocus
              autoComplete="off"
              maxLength={100}
              {...form.register("name", { validate: (value) => value.trim().length > 0 || "Name the key so you can recognise it later." })}
            />
          )}
        </FormField>
        <FormField label="Expires after" error={errors.expiry?.message}>
          {(field) => (
            <Controller
              control={form.control}
              name="expiry"
              render={({ field: { value, onChange } }) => (
                <ChoiceSelect {...field} value={value} onValueChange={onChange} choices={EXPIRY_CHOICES} />
              )}
            />
          )}
        </FormField>
        <DialogFooter>
          <Button type="submit" pending={create.isPending}>
            {create.isPending ? "Creating key…" : "Create key"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
