import { useQuery } from "@tanstack/react-query";
import { Download, Upload } from "lucide-react";
import { useRef, useState } from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { BatchPrediction } from "@/lib/api/batch-predictions";
import { formatRelative } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { JobStatusBadge, ProgressBar } from "./job-status";
import { batchesQueryOptions, useCancelBatch, useUploadBatch } from "./batch-queries";
import { isRunning } from "./queries";

const numberFormat = new Intl.NumberFormat();

/** Score a whole CSV or Parquet file; the result is a file to download once the job finishes. */
export function BatchPanel({ workspaceId, deploymentId, canWrite }: { workspaceId: string; deploymentId: string; canWrite: boolean }) {
  const batches = useQuery(batchesQueryOptions(workspaceId, deploymentId));
  const upload = useUploadBatch(workspaceId, deploymentId);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [outputFormat, setOutputFormat] = useState<"csv" | "parquet">("csv");
  const [includeInputs, setIncludeInputs] = useState(true);

  const submit = async (event: React.SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!file) return;
    try {
      await upload.mutateAsync({ file, outputFormat, includeInputs });
      notifySuccess("Batch prediction started", `${file.name} is being scored.`);
      setFile(null);
      if (inputRef.current) inputRef.current.value = "";
    } catch (error) {
      notifyProblem(error, "Could not start the batch");
    }
  };

  return (
    <div className="grid gap-5">
      {canWrite && (
        <form onSubmit={(event) => void submit(event)} aria-label="Batch prediction" className="grid gap-3 sm:grid-cols-2 sm:items-end">
          <div className="grid gap-2 sm:col-span-2">
            <Label htmlFor="batch-file">File to score (CSV or Parquet, with the model’s input columns)</Label>
            <input
              ref={inputRef}
              id="batch-file"
              type="file"
              accept=".csv,.parquet,.pq,text/csv"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
              className="block w-full rounded-md border border-input bg-transparent text-sm file:mr-3 file:border-0 file:bg-secondary file:px-3 file:py-2 file:text-sm file:font-medium file:text-secondary-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
            />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="batch-format">Output</Label>
            <Select value={outputFormat} onValueChange={(value) => setOutputFormat(value as "csv" | "parquet")}>
              <SelectTrigger id="batch-format" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="csv">CSV</SelectItem>
                <SelectItem value="parquet">Parquet</SelectItem>
              </SelectContent>
            </Select>
          </div>
          <label className="flex items-center gap-2 text-sm sm:pb-2">
            <input type="checkbox" className="size-4 accent-primary" checked={includeInputs} onChange={(event) => setIncludeInputs(event.target.checked)} />
            Keep the input columns in the output
          </label>
          <Button type="submit" pending={upload.isPending} disabled={!file} className="sm:col-span-2 sm:justify-self-start">
            <Upload aria-hidden="true" />
            {upload.isPending ? "Uploading…" : "Upload and score"}
          </Button>
          {upload.isError && <ProblemAlert error={upload.error} className="sm:col-span-2" />}
        </form>
      )}
      {batches.isPending ? (
        <Skeleton className="h-12 w-full" />
      ) : batches.isError ? (
        <ProblemAlert error={batches.error} />
      ) : batches.data.length === 0 ? (
        <p className="text-sm text-muted-foreground">No batch predictions yet.</p>
      ) : (
        <ul className="grid gap-2" aria-label="Batch predictions">
          {batches.data.map((batch) => (
            <BatchRow key={batch.id} workspaceId={workspaceId} deploymentId={deploymentId} batch={batch} canWrite={canWrite} />
          ))}
        </ul>
      )}
    </div>
  );
}

function BatchRow({ workspaceId, deploymentId, batch, canWrite }: { workspaceId: string; deploymentId: string; batch: BatchPrediction; canWrite: boolean }) {
  const cancel = useCancelBatch(workspaceId, deploymentId);
  const running = isRunning(batch.status);
  return (
    <li className="grid gap-2 rounded-md border px-3 py-2 text-sm">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="truncate font-medium">{batch.input_filename || batch.source}</p>
          <p className="text-xs text-muted-foreground">
            {numberFormat.format(batch.rows_done)}
            {batch.rows_total ? ` of ${numberFormat.format(batch.rows_total)}` : ""} rows · {batch.output_format.toUpperCase()} · {formatRelative(batch.created_at)}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <JobStatusBadge status={batch.status} />
          {batch.status === "succeeded" && batch.download_url && (
            <Button asChild size="sm" variant="outline">
              <a href={batch.download_url} download>
                <Download aria-hidden="true" />
                Download
              </a>
            </Button>
          )}
          {running && canWrite && (
            <Button
              size="sm"
              variant="ghost"
              pending={cancel.isPending}
              onClick={() =>
                cancel.mutate(batch.id, {
                  onSuccess: () => notifySuccess("Cancelling the batch"),
                  onError: (error) => notifyProblem(error, "Could not cancel"),
                })
              }
            >
              Cancel
            </Button>
          )}
        </div>
      </div>
      {running && <ProgressBar value={batch.progress} label={`Scoring ${batch.input_filename}`} />}
      {batch.status === "failed" && (batch.error_message || batch.error_code) && <p className="text-xs text-destructive">{batch.error_message ?? batch.error_code}</p>}
    </li>
  );
}
