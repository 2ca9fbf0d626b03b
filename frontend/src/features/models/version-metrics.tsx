import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ModelVersion } from "@/lib/api/models";
import { cn } from "@/lib/utils";
import { formatScore, greaterIsBetter, metricLabel, numericMetrics } from "./metrics";

/** Validation (cross-validated during the search) next to holdout (rows the search never saw). */
export function VersionMetrics({ version }: { version: ModelVersion }) {
  const validation = new Map(numericMetrics(version.metrics.validation));
  const holdout = new Map(numericMetrics(version.metrics.holdout));
  const names = [...new Set([version.metric, ...holdout.keys(), ...validation.keys()])].filter((name) => validation.has(name) || holdout.has(name));
  if (names.length === 0) return <p className="text-sm text-muted-foreground">No metrics were recorded for this version.</p>;
  return (
    <Table aria-label="Metrics">
      <caption className="mt-3 text-left text-xs text-muted-foreground">
        Validation scores come from the search’s cross-validation; holdout scores from rows set aside before training. The model was chosen by{" "}
        {metricLabel(version.metric)} ({greaterIsBetter(version.metric) ? "higher" : "lower"} is better).
      </caption>
      <TableHeader>
        <TableRow>
          <TableHead>Metric</TableHead>
          <TableHead className="text-right">Validation</TableHead>
          <TableHead className="text-right">Holdout</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {names.map((name) => (
          <TableRow key={name} className={cn(name === version.metric && "bg-primary/5 font-medium")}>
            <TableHead scope="row" className="font-normal text-foreground">
              {metricLabel(name)}
              {name === version.metric && <span className="ml-2 hidden text-xs text-muted-foreground sm:inline">(selection metric)</span>}
            </TableHead>
            <TableCell className="text-right tabular-nums">{formatScore(validation.get(name))}</TableCell>
            <TableCell className="text-right tabular-nums">{formatScore(holdout.get(name))}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
