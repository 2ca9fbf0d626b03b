import { useQuery } from "@tanstack/react-query";
import { Database } from "lucide-react";
import { useState } from "react";
import type * as React from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { SampleDataset } from "@/lib/api";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { TASK_LABELS } from "./profile";
import { sampleDatasetsQueryOptions, useImportSample } from "./queries";

const numberFormat = new Intl.NumberFormat();

/** Lists the server's sample datasets; importing one copies it into the workspace. */
export function SampleDatasetsDialog({ workspaceId, trigger }: { workspaceId: string; trigger: React.ReactElement }) {
  const [open, setOpen] = useState(false);
  const samples = useQuery({ ...sampleDatasetsQueryOptions(), enabled: open });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Import a sample dataset</DialogTitle>
          <DialogDescription>Small public tables to try the whole journey on. The import becomes a normal dataset of this workspace.</DialogDescription>
        </DialogHeader>
        {samples.isPending ? (
          <div className="grid gap-3" role="status" aria-label="Loading sample datasets">
            {[0, 1, 2].map((row) => (
              <Skeleton key={row} className="h-20 w-full" />
            ))}
          </div>
        ) : samples.isError ? (
          <ProblemAlert error={samples.error} />
        ) : (
          <ul className="grid gap-3" aria-label="Sample datasets">
            {samples.data.map((sample) => (
              <SampleRow key={sample.name} sample={sample} workspaceId={workspaceId} onImported={() => setOpen(false)} />
            ))}
          </ul>
        )}
      </DialogContent>
    </Dialog>
  );
}

function SampleRow({ sample, workspaceId, onImported }: { sample: SampleDataset; workspaceId: string; onImported: () => void }) {
  const importSample = useImportSample(workspaceId);
  const onImport = async () => {
    try {
      const dataset = await importSample.mutateAsync(sample.name);
      notifySuccess(`Imported “${dataset.name}”`, "Profiling its columns now.");
      onImported();
    } catch (error) {
      notifyProblem(error, `Could not import ${sample.title}`);
    }
  };
  return (
    <li className="flex flex-col gap-3 rounded-lg border p-4 sm:flex-row sm:items-start">
      <Database className="hidden size-5 shrink-0 text-primary sm:block" aria-hidden="true" />
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2 font-medium">
          {sample.title}
          <Badge variant="secondary">{TASK_LABELS[sample.task]}</Badge>
        </p>
        <p className="mt-1 text-sm text-muted-foreground">{sample.description}</p>
        <p className="mt-1 text-xs text-muted-foreground">
          {numberFormat.format(sample.rows)} rows · {sample.columns} columns · predicts <code className="font-mono">{sample.target}</code> · {sample.licence}
        </p>
      </div>
      <Button size="sm" onClick={onImport} pending={importSample.isPending} className="self-start" aria-label={`Import ${sample.title}`}>
        {importSample.isPending ? "Importing…" : "Import"}
      </Button>
    </li>
  );
}
