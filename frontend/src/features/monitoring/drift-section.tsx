import { useQuery } from "@tanstack/react-query";
import {
  AlertTriangle,
  ChartColumn,
  Loader2,
  ScanSearch,
  Shuffle,
} from "lucide-react";
import { useId, useState } from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { DriftReport, DriftReportSummary } from "@/lib/api/monitoring";
import { formatDateTime, formatRelative } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { cn } from "@/lib/utils";
import {
  binShares,
  DEFAULT_DRIFT_WINDOW,
  DRIFT_WINDOWS,
  type DriftRow,
  driftRows,
  driftRule,
  driftSchedule,
  reportSummary,
  severityLabel,
  severityTone,
} from "./drift";
import { LazyBinsChart } from "./lazy-charts";
import { ChoicePicker, EmptyPanel, ToneBadge } from "./parts";
import {
  driftReportQueryOptions,
  driftReportsQueryOptions,
  latestDriftQueryOptions,
  useRunDriftReport,
} from "./queries";

const LATEST = "latest";

function reportChoiceLabel(report: DriftReportSummary): string {
  return `${formatDateTime(report.created_at)} · ${severityLabel(report.severity)}${report.trigger === "manual" ? " · manual" : ""}`;
}

/** The latest (or a chosen) drift report, per feature, and a button to compute one now. */
export function DriftSection({
  workspaceId,
  deploymentId,
  canWrite,
}: {
  workspaceId: string;
  deploymentId: string;
  canWrite: boolean;
}) {
  const [reportId, setReportId] = useState(LATEST);
  const [windowValue, setWindowValue] = useState(DEFAULT_DRIFT_WINDOW);
  const latest = useQuery(latestDriftQueryOptions(workspaceId, deploymentId));
  const history = useQuery(driftReportsQueryOptions(workspaceId, deploymentId));
  const chosen = useQuery({
    ...driftReportQueryOptions(workspaceId, deploymentId, reportId),
    enabled: reportId !== LATEST,
  });
  const run = useRunDriftReport(workspaceId, deploymentId);
  const windowChoice =
    DRIFT_WINDOWS.find((choice) => choice.value === windowValue) ??
    DRIFT_WINDOWS[1];
  const headingId = useId();

  const checkNow = async () => {
    try {
      const report = await run.mutateAsync(windowChoice?.hours ?? 24);
      setReportId(LATEST);
      notifySuccess("Drift report ready", reportSummary(report));
    } catch (error) {
      notifyProblem(error, "Could not check drift");
    }
  };

  const shown = reportId === LATEST ? latest : chosen;
  const reports = history.data ?? [];
  // The server's schedule comes with each report; the newest says how it runs now.
  const rules = latest.data?.rules ?? shown.data?.rules;

  return (
    <section
      className="grid grid-cols-[minmax(0,1fr)] gap-4"
      aria-labelledby={headingId}
    >
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid max-w-prose gap-1">
          <h3 id={headingId} className="font-semibold">
            Data drift
          </h3>
          <p className="text-xs text-muted-foreground">
            The inputs of logged predictions compared with the data the model
            was trained on, per feature.
            {rules ? ` ${driftSchedule(rules)}` : ""}
          </p>
        </div>
        <div className="flex w-full flex-wrap items-end gap-2 sm:w-auto">
          {reports.length > 1 && (
            <ChoicePicker
              label="Report"
              value={reportId}
              onChange={setReportId}
              choices={[
                { value: LATEST, label: "Latest" },
                ...reports.map((report) => ({
                  value: report.id,
                  label: reportChoiceLabel(report),
                })),
              ]}
              className="w-full sm:w-auto"
            />
          )}
          {canWrite && (
            <>
              <ChoicePicker
                label="Logged inputs of"
                value={windowValue}
                onChange={setWindowValue}
                choices={DRIFT_WINDOWS}
                className="w-full sm:w-auto"
              />
              <Button
                variant="outline"
                size="sm"
                pending={run.isPending}
                onClick={() => void checkNow()}
                className="w-full sm:w-auto"
              >
                {!run.isPending && <ScanSearch aria-hidden="true" />}
                {run.isPending ? "Checking drift…" : "Check drift now"}
              </Button>
            </>
          )}
        </div>
      </div>
      {run.isPending && (
        <div
          role="status"
          className="grid grid-cols-[minmax(0,1fr)] gap-2 rounded-lg border p-3 text-sm"
        >
          <p className="flex items-center gap-2">
            <Loader2 className="size-4 animate-spin" aria-hidden="true" />
            Comparing the {windowChoice?.label.toLowerCase()} of logged inputs
            with the training data…
          </p>
          <div
            className="h-1.5 w-full overflow-hidden rounded-full bg-muted"
            aria-hidden="true"
          >
            <div className="h-full w-1/3 animate-pulse rounded-full bg-primary" />
          </div>
        </div>
      )}
      {shown.isPending ? (
        <div
          className="grid grid-cols-[minmax(0,1fr)] gap-3"
          data-testid="drift-skeleton"
        >
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-48 w-full" />
        </div>
      ) : shown.isError ? (
        <ProblemAlert error={shown.error} />
      ) : shown.data ? (
        <DriftReportView report={shown.data} />
      ) : (
        <EmptyPanel
          icon={Shuffle}
          title="No drift report yet"
          description={
            <>
              Drift needs logged predictions: it compares the inputs the
              deployment received with its training data. Send predictions from
              the <strong>Try it</strong> form or the endpoint; the workers then
              check on their schedule{canWrite ? ", or check now" : ""}.
            </>
          }
        />
      )}
    </section>
  );
}

function DriftReportView({ report }: { report: DriftReport }) {
  const rows = driftRows(report.features, report.rules);
  const [openBins, setOpenBins] = useState<string | null>(null);
  const opened = rows.find((row) => row.name === openBins);
  const binsId = useId();

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      <div className="grid grid-cols-[minmax(0,1fr)] gap-2 rounded-lg border p-3">
        <div className="flex flex-wrap items-center gap-2">
          <ToneBadge
            tone={
              report.status === "empty"
                ? "muted"
                : severityTone(report.severity)
            }
          >
            {report.status === "empty"
              ? "No logged inputs"
              : severityLabel(report.severity)}
          </ToneBadge>
          <p className="text-sm">{reportSummary(report)}</p>
        </div>
        <p className="text-xs text-muted-foreground">
          Inputs logged {formatDateTime(report.window_start)} –{" "}
          {formatDateTime(report.window_end)} ·{" "}
          {report.trigger === "manual" ? "checked by hand" : "scheduled check"}{" "}
          {formatRelative(report.created_at)} · reference:{" "}
          {report.reference_source === "profile"
            ? "the dataset profile (PSI only)"
            : "a sample of the training rows"}
        </p>
        <p className="text-xs text-muted-foreground">
          Drift threshold: {driftRule(report.rules)}. Features with fewer than{" "}
          {report.rules.min_rows.toLocaleString()} logged values are not judged.
        </p>
      </div>
      {report.status === "empty" ? (
        <EmptyPanel
          icon={Shuffle}
          title="No logged predictions in this window"
          description="Drift needs logged predictions. Make predictions (the Try it form or the endpoint), check that the deployment logs them (its log sample rate), or check a longer window."
        />
      ) : (
        <>
          <Table aria-label="Drift per feature">
            <TableHeader>
              <TableRow>
                <TableHead scope="col">Feature</TableHead>
                <TableHead scope="col">Status</TableHead>
                <TableHead scope="col" className="text-right">
                  PSI
                </TableHead>
                <TableHead scope="col">Test</TableHead>
                <TableHead scope="col" className="text-right">
                  Statistic
                </TableHead>
                <TableHead scope="col" className="text-right">
                  p-value
                </TableHead>
                <TableHead scope="col" className="text-right">
                  Rows
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <DriftTableRow
                  key={row.name}
                  row={row}
                  open={openBins === row.name}
                  binsId={binsId}
                  onToggle={() =>
                    setOpenBins((current) =>
                      current === row.name ? null : row.name,
                    )
                  }
                />
              ))}
            </TableBody>
          </Table>
          {opened && (
            <div id={binsId} className="rounded-lg border p-3">
              <LazyBinsChart
                feature={opened.name}
                bins={binShares(opened.feature)}
              />
            </div>
          )}
        </>
      )}
    </div>
  );
}

function DriftTableRow({
  row,
  open,
  binsId,
  onToggle,
}: {
  row: DriftRow;
  open: boolean;
  binsId: string;
  onToggle: () => void;
}) {
  return (
    <TableRow
      data-drifted={row.drifted || undefined}
      className={cn(row.drifted && "bg-destructive/5 hover:bg-destructive/10")}
    >
      <TableHead scope="row" className="font-medium text-foreground">
        <span className="flex items-center gap-1.5">
          {row.drifted && (
            <AlertTriangle
              className="size-4 shrink-0 text-destructive"
              aria-hidden="true"
            />
          )}
          <span className="max-w-48 truncate" title={row.name}>
            {row.name}
          </span>
          <span className="text-xs font-normal text-muted-foreground">
            {row.kind}
          </span>
          <Button
            variant="ghost"
            size="icon"
            className="size-7"
            aria-expanded={open}
            aria-controls={open ? binsId : undefined}
            aria-label={`${open ? "Hide" : "Show"} the bins of ${row.name}`}
            onClick={onToggle}
          >
            <ChartColumn aria-hidden="true" />
          </Button>
        </span>
      </TableHead>
      <TableCell>
        <ToneBadge tone={row.drifted ? "danger" : row.tone} title={row.verdict}>
          {row.drifted ? "Drifted" : row.severityLabel}
        </ToneBadge>
        <span className="sr-only">{row.verdict}</span>
      </TableCell>
      <TableCell className="text-right tabular-nums">
        <span className="inline-grid justify-items-end gap-1">
          {row.psi}
          <span
            className="block h-1 w-12 overflow-hidden rounded-full bg-muted"
            aria-hidden="true"
          >
            <span
              className={cn(
                "block h-full rounded-full",
                row.drifted ? "bg-destructive" : "bg-primary",
              )}
              style={{ width: `${Math.round(row.psiShare * 100)}%` }}
            />
          </span>
        </span>
      </TableCell>
      <TableCell className="whitespace-nowrap">{row.test}</TableCell>
      <TableCell className="text-right tabular-nums">{row.statistic}</TableCell>
      <TableCell className="text-right tabular-nums">{row.pValue}</TableCell>
      <TableCell className="text-right tabular-nums">
        {row.rows.toLocaleString()}
      </TableCell>
    </TableRow>
  );
}
