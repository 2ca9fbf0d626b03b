import { Badge } from "@/components/ui/badge";

const LABELS: Record<string, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  cancelled: "Cancelled",
};

export function JobStatusBadge({ status, cancelRequested = false }: { status: string; cancelRequested?: boolean }) {
  if (cancelRequested && (status === "running" || status === "queued")) return <Badge variant="outline">Cancelling…</Badge>;
  const label = LABELS[status] ?? status;
  if (status === "succeeded") return <Badge variant="success">{label}</Badge>;
  if (status === "failed") return <Badge variant="destructive">{label}</Badge>;
  if (status === "cancelled") return <Badge variant="secondary">{label}</Badge>;
  return <Badge variant="outline">{label}</Badge>;
}
