import { Link } from "@tanstack/react-router";
import { AlertTriangle, Sparkles } from "lucide-react";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ColumnProfile, DatasetProfile } from "@/lib/api";
import { cn } from "@/lib/utils";
import { ColumnHistogram } from "./column-histogram";
import { SEMANTIC_TYPE_LABELS, TASK_LABELS, WARNING_LABELS, columnSummary, formatStat, histogramData } from "./profile";

const numberFormat = new Intl.NumberFormat();

interface ProfileViewProps {
  profile: DatasetProfile;
  workspaceId: string;
  datasetId: string;
  versionId: string;
  canTrain: boolean;
}

export function ProfileView({ profile, workspaceId, datasetId, versionId, canTrain }: ProfileViewProps) {
  const [selected, setSelected] = useState<string>(profile.target_suggestions[0]?.column ?? profile.columns[0]?.name ?? "");
  const column = profile.columns.find((c) => c.name === selected);
  const warningsByColumn = new Map<string, string[]>();
  for (const warning of profile.warnings) {
    if (warning.column) warningsByColumn.set(warning.column, [...(warningsByColumn.get(warning.column) ?? []), WARNING_LABELS[warning.kind]]);
  }

  return (
    <div className="grid gap-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="gap-3">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <Sparkles className="size-4 text-primary" aria-hidden="true" />
              Suggested targets
            </CardTitle>
            <CardDescription>Columns Modelyard thinks you may want to predict.</CardDescription>
          </CardHeader>
          <CardContent>
            {profile.target_suggestions.length === 0 ? (
              <p className="text-sm text-muted-foreground">No obvious target; pick any column in the training wizard.</p>
            ) : (
              <ul className="grid gap-2" aria-label="Suggested targets">
                {profile.target_suggestions.map((suggestion) => (
                  <li key={suggestion.column} className="flex flex-wrap items-center gap-2 rounded-lg border p-3 text-sm">
                    <div className="min-w-0 flex-1">
                      <p className="flex flex-wrap items-center gap-2 font-medium">
                        <code className="truncate font-mono">{suggestion.column}</code>
                        <Badge variant="secondary">{TASK_LABELS[suggestion.task]}</Badge>
                        <span className="text-xs text-muted-foreground tabular-nums">{Math.round(suggestion.score * 100)}% match</span>
                      </p>
                      <p className="mt-1 text-xs text-muted-foreground">{suggestion.reason}</p>
                    </div>
                    {canTrain && (
                      <Link
                        to="/w/$workspaceId/train"
                        params={{ workspaceId }}
                        search={{ dataset: datasetId, version: versionId, target: suggestion.column }}
                        className="rounded-md text-sm font-medium text-primary underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                        aria-label={`Train a model to predict ${suggestion.column}`}
                      >
                        Train
                      </Link>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <Card className="gap-3">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <AlertTriangle className="size-4 text-amber-600 dark:text-amber-400" aria-hidden="true" />
              Warnings
            </CardTitle>
            <CardDescription>
              {numberFormat.format(profile.rows)} rows · {profile.column_count} columns · {numberFormat.format(profile.duplicate_rows)} duplicate rows
              {profile.sampled ? ` · statistics from a ${numberFormat.format(profile.sample_rows)}-row sample` : ""}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {profile.warnings.length === 0 ? (
              <p className="text-sm text-muted-foreground">Nothing to worry about.</p>
            ) : (
              <ul className="grid gap-2 text-sm" aria-label="Profile warnings">
                {profile.warnings.map((warning, index) => (
                  <li key={`${warning.kind}-${warning.column ?? ""}-${index}`} className="flex flex-wrap items-baseline gap-2">
                    <Badge variant="outline">{WARNING_LABELS[warning.kind]}</Badge>
                    <span className="min-w-0 flex-1 text-muted-foreground">{warning.message}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>

      <Card className="gap-3">
        <CardHeader>
          <CardTitle>Columns</CardTitle>
          <CardDescription>Select a column to see its distribution.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 px-2 sm:px-6">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Column</TableHead>
                <TableHead>Type</TableHead>
                <TableHead className="text-right">Missing</TableHead>
                <TableHead className="hidden text-right sm:table-cell">Distinct</TableHead>
                <TableHead className="hidden md:table-cell">Distribution</TableHead>
                <TableHead className="hidden lg:table-cell">Summary</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {profile.columns.map((c) => (
                <TableRow key={c.name} data-state={c.name === selected ? "selected" : undefined} className="data-[state=selected]:bg-accent/60">
                  <TableCell className="max-w-[9rem] sm:max-w-xs">
                    <button
                      type="button"
                      onClick={() => setSelected(c.name)}
                      aria-pressed={c.name === selected}
                      className="block max-w-full truncate rounded-sm text-left font-mono text-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
                    >
                      {c.name}
                    </button>
                    {warningsByColumn.has(c.name) && <p className="truncate text-xs text-amber-700 dark:text-amber-400">{warningsByColumn.get(c.name)?.join(", ")}</p>}
                  </TableCell>
                  <TableCell>
                    <Badge variant="secondary">{SEMANTIC_TYPE_LABELS[c.semantic_type]}</Badge>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatPercent(c.missing_pct)}</TableCell>
                  <TableCell className="hidden text-right tabular-nums sm:table-cell">
                    {c.distinct_is_approximate ? "≈" : ""}
                    {numberFormat.format(c.distinct)}
                  </TableCell>
                  <TableCell className="hidden md:table-cell">
                    <Sparkline column={c} />
                  </TableCell>
                  <TableCell className="hidden max-w-xs truncate text-xs text-muted-foreground lg:table-cell">{columnSummary(c)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {column && <ColumnDetail column={column} />}
        </CardContent>
      </Card>
    </div>
  );
}

/** missing_pct is a percentage (0–100). */
function formatPercent(pct: number): string {
  if (pct === 0) return "0%";
  if (pct < 0.1) return "<0.1%";
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`;
}

/** A tiny, decorative distribution drawn with divs; the chart below is the accessible one. */
function Sparkline({ column }: { column: ColumnProfile }) {
  const data = histogramData(column).slice(0, 20);
  if (data.length === 0) return <span className="text-muted-foreground">—</span>;
  const max = Math.max(...data.map((d) => d.count), 1);
  return (
    <div className="flex h-6 w-28 items-end gap-px" aria-hidden="true">
      {data.map((d, index) => (
        <div key={index} className="flex-1 rounded-t-sm bg-primary/70" style={{ height: `${Math.max(4, (d.count / max) * 100)}%` }} />
      ))}
    </div>
  );
}

function ColumnDetail({ column }: { column: ColumnProfile }) {
  const stats: [string, string][] = column.numeric
    ? [
        ["Mean", formatStat(column.numeric.mean)],
        ["Std", formatStat(column.numeric.std)],
        ["Min", formatStat(column.numeric.min)],
        ["5%", formatStat(column.numeric.p05)],
        ["25%", formatStat(column.numeric.p25)],
        ["Median", formatStat(column.numeric.median)],
        ["75%", formatStat(column.numeric.p75)],
        ["95%", formatStat(column.numeric.p95)],
        ["Max", formatStat(column.numeric.max)],
      ]
    : [
        ["Values", numberFormat.format(column.count)],
        ["Missing", numberFormat.format(column.missing)],
        ["Distinct", numberFormat.format(column.distinct)],
        ...(column.min_value ? ([["Earliest", column.min_value]] as [string, string][]) : []),
        ...(column.max_value ? ([["Latest", column.max_value]] as [string, string][]) : []),
        ...(column.mean_length !== null && column.mean_length !== undefined ? ([["Mean length", formatStat(column.mean_length)]] as [string, string][]) : []),
      ];
  return (
    <section aria-label={`Column ${column.name}`} className="grid gap-4 rounded-lg border p-4 md:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
      <div className="min-w-0">
        <h3 className="mb-2 flex flex-wrap items-center gap-2 font-medium">
          <code className="truncate font-mono">{column.name}</code>
          <Badge variant="secondary">{SEMANTIC_TYPE_LABELS[column.semantic_type]}</Badge>
          <span className="text-xs text-muted-foreground">{column.dtype}</span>
        </h3>
        <ColumnHistogram column={column} />
      </div>
      <dl className={cn("grid grid-cols-2 content-start gap-x-4 gap-y-1 text-sm")}>
        {stats.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="truncate text-right tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
