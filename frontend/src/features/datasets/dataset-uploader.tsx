import { Link } from "@tanstack/react-router";
import { CheckCircle2, FileUp, X } from "lucide-react";
import { useId, useRef, useState } from "react";
import type * as React from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import type { Dataset } from "@/lib/api";
import { notifySuccess } from "@/lib/notify";
import { cn } from "@/lib/utils";
import { ProfileStatus } from "./datasets-list";
import { ACCEPTED_FILE_TYPES, formatBytes } from "./upload";
import { type UploadItem, uploadPercent, type useDatasetUploads } from "./use-dataset-uploads";

interface DatasetUploaderProps {
  workspaceId: string;
  /** From useDatasetUploads, owned by the page so uploads survive a switch from the empty state to the list. */
  uploads: ReturnType<typeof useDatasetUploads>;
  /** The workspace's datasets, to follow a finished upload's profiling. */
  datasets?: Dataset[] | undefined;
  compact?: boolean;
}

/** Drop files (or pick them) to upload; shows bytes sent, then processing, then profiling. */
export function DatasetUploader({ workspaceId, uploads, datasets = [], compact = false }: DatasetUploaderProps) {
  const { start } = uploads;
  const [dragging, setDragging] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();

  const startAll = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      void start(file).then((dataset) => {
        if (dataset) notifySuccess(`Uploaded “${dataset.name}”`, dataset.version_created ? "Profiling its columns now." : "Identical content was already a version.");
      });
    }
  };

  const onDrop = (event: React.DragEvent) => {
    event.preventDefault();
    setDragging(false);
    startAll(event.dataTransfer.files);
  };

  return (
    <div className="grid gap-3">
      <div
        data-testid="dataset-dropzone"
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-4 text-center transition-colors",
          compact ? "py-5 sm:flex-row sm:justify-between sm:text-left" : "py-10",
          dragging ? "border-primary bg-primary/5" : "border-border",
        )}
      >
        <div className={cn("flex items-center gap-3", !compact && "flex-col")}>
          <FileUp className={cn("shrink-0 text-primary", compact ? "size-6" : "size-8")} aria-hidden="true" />
          <div>
            <p className="font-medium">{dragging ? "Drop to upload" : "Drag and drop a data file here"}</p>
            <p id={hintId} className="text-xs text-muted-foreground">
              CSV, TSV, Parquet, Excel (.xlsx) or JSON Lines. Each file becomes a dataset.
            </p>
          </div>
        </div>
        <Button type="button" variant={compact ? "outline" : "default"} onClick={() => inputRef.current?.click()} aria-describedby={hintId}>
          <FileUp aria-hidden="true" />
          Upload a dataset
        </Button>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPTED_FILE_TYPES}
          className="sr-only"
          tabIndex={-1}
          aria-label="Choose data files to upload"
          data-testid="dataset-file-input"
          onChange={(event) => {
            startAll(event.target.files);
            event.target.value = "";
          }}
        />
      </div>
      <UploadList workspaceId={workspaceId} uploads={uploads} datasets={datasets} />
    </div>
  );
}

/** The uploads in flight and their outcomes (bytes sent, processing, profiling, problems). */
export function UploadList({ workspaceId, uploads, datasets = [] }: Pick<DatasetUploaderProps, "workspaceId" | "uploads" | "datasets">) {
  const { items, cancel, dismiss } = uploads;
  if (items.length === 0) return null;
  return (
    <ul className="grid gap-2" aria-label="Uploads">
      {items.map((item) => (
        <UploadRow
          key={item.id}
          item={item}
          workspaceId={workspaceId}
          dataset={datasets.find((dataset) => dataset.id === item.dataset?.id)}
          onCancel={() => cancel(item.id)}
          onDismiss={() => dismiss(item.id)}
        />
      ))}
    </ul>
  );
}

function UploadRow({ item, workspaceId, dataset, onCancel, onDismiss }: { item: UploadItem; workspaceId: string; dataset: Dataset | undefined; onCancel: () => void; onDismiss: () => void }) {
  const percent = uploadPercent(item);
  const version = dataset?.latest_version ?? item.dataset?.latest_version ?? null;
  return (
    <li className="grid gap-2 rounded-lg border bg-card p-3 text-sm" aria-label={`Upload of ${item.fileName}`}>
      <div className="flex items-center gap-2">
        <p className="min-w-0 flex-1 truncate font-medium">{item.fileName}</p>
        {item.phase === "uploading" ? (
          <Button size="sm" variant="ghost" onClick={onCancel} aria-label={`Cancel upload of ${item.fileName}`}>
            Cancel
          </Button>
        ) : item.phase !== "processing" ? (
          <Button size="icon" variant="ghost" className="size-8" onClick={onDismiss} aria-label={`Dismiss ${item.fileName}`}>
            <X aria-hidden="true" />
          </Button>
        ) : null}
      </div>
      {item.phase === "uploading" && (
        <>
          <Progress value={percent} label={`Uploading ${item.fileName}`} valueText={`${percent}% (${formatBytes(item.loaded)} of ${formatBytes(item.size)})`} />
          <p className="text-xs text-muted-foreground tabular-nums" aria-live="polite">
            {percent}% · {formatBytes(item.loaded)} of {formatBytes(item.size)}
          </p>
        </>
      )}
      {item.phase === "processing" && (
        <>
          <Progress value={null} label={`Processing ${item.fileName}`} />
          <p className="text-xs text-muted-foreground" aria-live="polite">
            Uploaded {formatBytes(item.size)}; checking and converting the file…
          </p>
        </>
      )}
      {item.phase === "done" && item.dataset && (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2" aria-live="polite">
          <CheckCircle2 className="size-4 text-success" aria-hidden="true" />
          <span className="text-muted-foreground">
            {item.dataset.version_created ? "Uploaded" : "Already uploaded"} as <span className="font-medium text-foreground">{item.dataset.name}</span>
          </span>
          <ProfileStatus status={version?.profile_status} progress={version?.profile_progress ?? 0} error={version?.profile_error ?? null} />
          <Link to="/w/$workspaceId/datasets/$datasetId" params={{ workspaceId, datasetId: item.dataset.id }} className="ml-auto text-sm font-medium text-primary underline-offset-4 hover:underline">
            Open dataset
          </Link>
        </div>
      )}
      {item.phase === "cancelled" && <p className="text-xs text-muted-foreground">Upload cancelled.</p>}
      {item.phase === "failed" && <ProblemAlert error={item.error} />}
    </li>
  );
}
