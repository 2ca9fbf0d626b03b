import { Check, Copy, UserPlus } from "lucide-react";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { type InvitationCreated, toProblem, type WorkspaceRole } from "@/lib/api";
import { formatDateTime } from "@/lib/format";
import { applyProblemToForm } from "@/lib/forms";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { useCopyToClipboard } from "@/lib/use-copy-to-clipboard";
import { useInviteMember } from "./queries";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "./roles";

interface Values {
  email: string;
  role: WorkspaceRole;
}

export function InviteMemberDialog({ workspaceId, roles }: { workspaceId: string; roles: WorkspaceRole[] }) {
  const [open, setOpen] = useState(false);
  const [invitation, setInvitation] = useState<InvitationCreated | null>(null);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) setInvitation(null);
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden="true" />
          Invite member
        </Button>
      </DialogTrigger>
      <DialogContent>
        {invitation ? (
          <InvitationCreated invitation={invitation} onDone={() => onOpenChange(false)} />
        ) : (
          <InviteForm workspaceId={workspaceId} roles={roles} onInvited={setInvitation} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function InviteForm({ workspaceId, roles, onInvited }: { workspaceId: string; roles: WorkspaceRole[]; onInvited: (invitation: InvitationCreated) => void }) {
  const invite = useInviteMember(workspaceId);
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<Values>({ defaultValues: { email: "", role: "member" } });
  const { errors } = form.formState;
  const role = useWatch({ control: form.control, name: "role" });

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      const created = await invite.mutateAsync({ email: values.email.trim(), role: values.role });
      notifySuccess("Invitation created", `Share the link with ${created.email}.`);
      onInvited(created);
    } catch (error) {
      const problem = toProblem(error);
      if (!applyProblemToForm(problem, form.setError, ["email", "role"])) setFormError(problem);
      notifyProblem(problem, "Could not invite");
    }
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>Invite a member</DialogTitle>
        <DialogDescription>You will get a link to send them. They join when they open it while signed in.</DialogDescription>
      </DialogHeader>
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Invite member">
        <ProblemAlert error={formError} />
        <FormField label="Email" error={errors.email?.message}>
          {(field) => (
            <Input
              {...field}
              type="email"
              autoComplete="off"
              autoFocus
              placeholder="teammate@example.com"
              {...form.register("email", {
                required: "Enter their email address.",
                pattern: { value: /^[^\s@]+@[^\s@]+$/, message: "Enter a valid email address." },
              })}
            />
          )}
        </FormField>
        <FormField label="Role" error={errors.role?.message} description={ROLE_DESCRIPTIONS[role]}>
          {(field) => (
            <Controller
              control={form.control}
              name="role"
              render={({ field: { value, onChange } }) => (
                <Select value={value} onValueChange={onChange}>
                  <SelectTrigger {...field} className="w-full">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {roles.map((role) => (
                      <SelectItem key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
          )}
        </FormField>
        <DialogFooter>
          <Button type="submit" pending={invite.isPending}>
            {invite.isPending ? "Creating invitation…" : "Create invitation"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}

function InvitationCreated({ invitation, onDone }: { invitation: InvitationCreated; onDone: () => void }) {
  const { copied, copy } = useCopyToClipboard();
  return (
    <>
      <DialogHeader>
        <DialogTitle>Invitation ready</DialogTitle>
        <DialogDescription>
          Send this link to {invitation.email}. It makes them {ROLE_LABELS[invitation.role].toLowerCase()} and expires{" "}
          {formatDateTime(invitation.expires_at)}.
        </DialogDescription>
      </DialogHeader>
      <div className="flex gap-2">
        <Input readOnly value={invitation.accept_url} aria-label="Invitation link" onFocus={(event) => event.currentTarget.select()} className="font-mono text-xs" />
        <Button type="button" variant="outline" onClick={() => void copy(invitation.accept_url, "Invitation link copied")}>
          {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
          {copied ? "Copied" : "Copy link"}
        </Button>
      </div>
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}
