import { Badge } from "@/components/ui/badge";

export function JobStatusBadge({ status }: { status: string }) {
  if (status === "succeeded") return <Badge variant="success">Done</Badge>;
  if (status === "failed") return <Badge variant="destructive">Failed</Badge>;
  if (status === "cancelled") return <Badge variant="secondary">Cancelled</Badge>;
  return <Badge variant="outline">{status === "queued" ? "Queued" : "Running"}</Badge>;
}

export function ProgressBar({ value, label }: { value: number; label: string }) {
  const percent = Math.round(Math.min(Math.max(value, 0), 1) * 100);
  return (
    <div className="h-1.5 w-full overflow-hidden rounded-full bg-muted" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="h-full rounded-full bg-primary transition-all" style={{ width: `${Math.max(percent, 3)}%` }} />
    </div>
  );
}
