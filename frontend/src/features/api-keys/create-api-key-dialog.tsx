import { AlertTriangle, Check, Copy, KeyRound } from "lucide-react";
import { useState } from "react";
import type * as React from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { ChoiceSelect } from "@/components/choice-select";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { type ApiKeyCreated, type ApiKeyScope, toProblem } from "@/lib/api";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { useCopyToClipboard } from "@/lib/use-copy-to-clipboard";
import { EXPIRY_CHOICES, type ExpiryChoice, expiresAtFor, SCOPE_CHOICES, useCreateApiKey } from "./queries";

interface Values {
  name: string;
  scope: ApiKeyScope;
  expiry: ExpiryChoice;
}

export function CreateApiKeyDialog() {
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
        <Button>
          <KeyRound aria-hidden="true" />
          Create API key
        </Button>
      </DialogTrigger>
      <DialogContent
        onInteractOutside={(event) => {
          // Do not lose a freshly shown secret to a stray click.
          if (created) event.preventDefault();
        }}
      >
        {created ? <KeyCreated apiKey={created} onDone={() => onOpenChange(false)} /> : <CreateKeyForm onCreated={setCreated} />}
      </DialogContent>
    </Dialog>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKeyCreated) => void }) {
  const create = useCreateApiKey();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({ defaultValues: { name: "", scope: "full", expiry: "90" } });
  const { errors } = form.formState;
  const scope = useWatch({ control: form.control, name: "scope" });

  const onSubmit = form.handleSubmit(async ({ name, scope, expiry }) => {
    setFormError(null);
    try {
      const key = await create.mutateAsync({ name: name.trim(), scopes: [scope], expires_at: expiresAtFor(expiry) });
      notifySuccess(`API key “${key.name}” created`, "Copy it now: it will not be shown again.");
      onCreated(key);
    } catch (error) {
      const problem = toProblem(error);
      const mapped = applyProblemToForm(problem, form.setError, ["name"]);
      const { expires_at: expiryError, scopes: scopeError } = problem.fieldErrors();
      if (expiryError) form.setError("expiry", { type: "server", message: expiryError });
      if (scopeError) form.setError("scope", { type: "server", message: scopeError });
      if (!mapped && !expiryError && !scopeError) setFormError(problem);
      notifyProblem(problem, "Could not create the API key");
    }
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>Create an API key</DialogTitle>
        <DialogDescription>Programs use API keys to call Modelyard as you. Give each program its own key.</DialogDescription>
      </DialogHeader>
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Create API key">
        <ProblemAlert error={formError} />
        <FormField label="Name" error={errors.name?.message} description="Where the key is used, e.g. “Nightly batch scoring”.">
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
        <FormField label="Access" error={errors.scope?.message} description={SCOPE_CHOICES.find((choice) => choice.value === scope)?.description}>
          {(field) => (
            <Controller
              control={form.control}
              name="scope"
              render={({ field: { value, onChange } }) => (
                <ChoiceSelect {...field} value={value} onValueChange={onChange} choices={SCOPE_CHOICES} />
              )}
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

/** The secret of a key just created, shown once with a copy button (also used for deployment keys). */
export function KeyCreated({ apiKey, onDone, children }: { apiKey: ApiKeyCreated; onDone: () => void; children?: React.ReactNode }) {
  const { copied, copy } = useCopyToClipboard();
  return (
    <>
      <DialogHeader>
        <DialogTitle>Copy your new API key</DialogTitle>
        <DialogDescription>Use it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code>.</DialogDescription>
      </DialogHeader>
      <Alert>
        <AlertTriangle aria-hidden="true" />
        <AlertTitle>This is the only time the key is shown</AlertTitle>
        <AlertDescription>Store it in your secret manager now. If you lose it, revoke it and create a new one.</AlertDescription>
      </Alert>
      <div className="flex gap-2">
        <Input
          readOnly
          value={apiKey.key}
          aria-label={`API key ${apiKey.name}`}
          onFocus={(event) => event.currentTarget.select()}
          className="font-mono text-xs"
          data-testid="api-key-secret"
        />
        <Button type="button" variant="outline" onClick={() => void copy(apiKey.key, "API key copied")}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      {children}
      <DialogFooter>
        <Button onClick={onDone}>I have saved the key</Button>
      </DialogFooter>
    </>
  );
}
