import { useQuery } from "@tanstack/react-query";
import { Download, PackageOpen } from "lucide-react";
import { ProblemAlert } from "@/components/problem-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { JobStatusBadge, ProgressBar } from "@/features/deployments/job-status";
import type { ModelExport } from "@/lib/api/exports";
import { formatRelative } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { FORMAT_INFO, formatBytes, formatLabel } from "./formats";
import { exportFormatsQueryOptions, useCreateExport, useDownloadLink, versionExportsQueryOptions } from "./queries";

/** Every format, with why it is unavailable for this version; then the exports made, with progress and download. */
export function ExportsPanel({ workspaceId, versionId, canWrite }: { workspaceId: string; versionId: string; canWrite: boolean }) {
  const formats = useQuery(exportFormatsQueryOptions(workspaceId, versionId));
  const exports = useQuery(versionExportsQueryOptions(workspaceId, versionId));
  const create = useCreateExport(workspaceId, versionId);

  const start = async (format: string) => {
    try {
      await create.mutateAsync(format);
      notifySuccess(`${formatLabel(format)} export started`, "It is checked against the model before you can download it.");
    } catch (error) {
      notifyProblem(error, `Could not export to ${formatLabel(format)}`);
    }
  };

  return (
    <div className="grid gap-5">
      {formats.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : formats.isError ? (
        <ProblemAlert error={formats.error} />
      ) : (
        <ul className="grid gap-2 sm:grid-cols-2" aria-label="Export formats">
          {formats.data.map((format) => (
            <li key={format.format} className="flex flex-col gap-2 rounded-lg border p-3 text-sm">
              <div className="flex items-center justify-between gap-2">
                <span className="font-medium">{formatLabel(format.format)}</span>
                {!format.available && <Badge variant="secondary">Unavailable</Badge>}
              </div>
              <p className="text-xs text-muted-foreground">{format.available ? (FORMAT_INFO[format.format]?.description ?? "") : format.reason}</p>
              {canWrite && (
                <Button
                  size="sm"
                  variant="outline"
                  className="mt-auto self-start"
                  disabled={!format.available || (create.isPending && create.variables === format.format)}
                  pending={create.isPending && create.variables === format.format}
                  onClick={() => void start(format.format)}
                  aria-label={`Export to ${formatLabel(format.format)}`}
                >
                  <PackageOpen aria-hidden="true" />
                  Export
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {exports.isPending ? (
        <Skeleton className="h-12 w-full" />
      ) : exports.isError ? (
        <ProblemAlert error={exports.error} />
      ) : exports.data.length > 0 ? (
        <ul className="grid gap-2" aria-label="Exports">
          {exports.data.map((item) => (
            <ExportRow key={item.id} workspaceId={workspaceId} item={item} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ExportRow({ workspaceId, item }: { workspaceId: string; item: ModelExport }) {
  const link = useDownloadLink(workspaceId);
  const running = item.status === "queued" || item.status === "running";
  const parityPassed = item.parity && typeof item.parity.passed === "boolean" ? item.parity.passed : null;

  const download = async () => {
    try {
      const signed = await link.mutateAsync(item.id);
      // A same-origin link: the browser downloads the zip (Content-Disposition: attachment).
      const anchor = document.createElement("a");
      anchor.href = signed.path;
      anchor.rel = "noopener";
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
    } catch (error) {
      notifyProblem(error, "Could not create a download link");
    }
  };

  return (
    <li className="grid gap-2 rounded-md border px-3 py-2 text-sm" data-format={item.format}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{formatLabel(item.format)}</p>
          <p className="text-xs text-muted-foreground">
            {running ? item.progress_message || "Waiting for a worker" : formatBytes(item.size)} · {formatRelative(item.created_at)}
            {parityPassed !== null && <> · parity {parityPassed ? "checked" : "failed"}</>}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <JobStatusBadge status={item.status} />
          {item.status === "succeeded" && (
            <Button size="sm" variant="outline" pending={link.isPending} onClick={() => void download()} aria-label={`Download the ${formatLabel(item.format)} export`}>
              <Download aria-hidden="true" />
              Download
            </Button>
          )}
        </div>
      </div>
      {running && <ProgressBar value={item.progress} label={`Exporting to ${formatLabel(item.format)}`} />}
      {item.status === "failed" && <p className="text-xs text-destructive">{item.error_message ?? item.error_code}</p>}
    </li>
  );
}
