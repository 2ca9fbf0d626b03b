import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { Monitor } from "lucide-react";
import { ProblemAlert } from "@/components/problem-alert";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import type { Session } from "@/lib/api";
import { describeUserAgent, formatDateTime, formatRelative } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { sessionsQueryOptions, sortSessions, useRevokeSession } from "./queries";

export function SessionsList() {
  const sessions = useQuery(sessionsQueryOptions());
  return (
    <Card>
      <CardHeader>
        <CardTitle>Active sessions</CardTitle>
        <CardDescription>Browsers signed in to your account. Revoke any you do not recognise.</CardDescription>
      </CardHeader>
      <CardContent>
        {sessions.isPending ? (
          <SessionsSkeleton />
        ) : sessions.isError ? (
          <ProblemAlert error={sessions.error} />
        ) : (
          <ul className="divide-y" aria-label="Sessions">
            {sortSessions(sessions.data).map((session) => (
              <SessionRow key={session.id} session={session} />
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function SessionRow({ session }: { session: Session }) {
  const revoke = useRevokeSession();
  const navigate = useNavigate();
  const device = describeUserAgent(session.user_agent);
  const lastSeen = session.last_seen_at;

  const onRevoke = async () => {
    try {
      await revoke.mutateAsync(session.id);
    } catch (error) {
      notifyProblem(error, "Could not revoke the session");
      return false;
    }
    notifySuccess(session.current ? "Signed out of this browser" : "Session revoked", device);
    if (session.current) await navigate({ to: "/login" });
    return true;
  };

  return (
    <li className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex min-w-0 items-start gap-3">
        <Monitor className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-hidden="true" />
        <div className="min-w-0">
          <p className="flex flex-wrap items-center gap-2 font-medium">
            {device}
            {session.current && <Badge variant="success">This browser</Badge>}
          </p>
          <p className="truncate text-sm text-muted-foreground" title={session.user_agent ?? undefined}>
            {session.ip ?? "Unknown IP"} · signed in {formatDateTime(session.created_at)} · active{" "}
            <time dateTime={lastSeen}>{formatRelative(lastSeen)}</time>
          </p>
        </div>
      </div>
      <ConfirmDialog
        trigger={
          <Button variant="outline" size="sm" className="self-start sm:self-center" aria-label={session.current ? "Sign out of this browser" : `Revoke session ${device}`}>
            {session.current ? "Sign out" : "Revoke"}
          </Button>
        }
        title={session.current ? "Sign out of this browser?" : "Revoke this session?"}
        description={
          session.current
            ? "You will need to sign in again to keep using Modelyard here."
            : `${device} (${session.ip ?? "unknown IP"}) will be signed out immediately.`
        }
        confirmLabel={session.current ? "Sign out" : "Revoke session"}
        onConfirm={onRevoke}
      />
    </li>
  );
}

function SessionsSkeleton() {
  return (
    <div className="grid gap-4" role="status" aria-label="Loading sessions">
      {[0, 1].map((row) => (
        <div key={row} className="flex items-center gap-3">
          <Skeleton className="size-5" />
          <div className="grid flex-1 gap-2">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="h-3 w-64 max-w-full" />
          </div>
        </div>
      ))}
    </div>
  );
}
