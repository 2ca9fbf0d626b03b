import { ArrowDown, ArrowUp, Trophy } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { bestCandidate, type Candidate, type LeaderboardSort, type LeaderboardSortKey, sortLeaderboard } from "./leaderboard";
import { formatScore, formatSeconds, greaterIsBetter, metricLabel } from "./metrics";

const COLUMNS: { key: LeaderboardSortKey; label: string; className?: string }[] = [
  { key: "algorithm", label: "Algorithm" },
  { key: "score", label: "Score", className: "text-right" },
  { key: "fitSeconds", label: "Fit time", className: "text-right" },
];

/** Every candidate the search evaluated; the best one is highlighted. Sortable by column. */
export function LeaderboardTable({ candidates, metric }: { candidates: Candidate[]; metric: string }) {
  const [sort, setSort] = useState<LeaderboardSort>({ key: "score", order: "best" });
  const rows = useMemo(() => sortLeaderboard(candidates, metric, sort), [candidates, metric, sort]);
  const best = bestCandidate(candidates, metric);

  const toggle = (key: LeaderboardSortKey) =>
    setSort((current) => (current.key === key ? { key, order: current.order === "best" ? "worst" : "best" } : { key, order: "best" }));

  return (
    <Table aria-label="Leaderboard">
      <caption className="sr-only">
        Candidates ranked by {metricLabel(metric)} ({greaterIsBetter(metric) ? "higher" : "lower"} is better), mean ± standard deviation over
        validation folds.
      </caption>
      <TableHeader>
        <TableRow>
          <TableHead className="w-10">#</TableHead>
          {COLUMNS.map((column) => {
            const active = sort.key === column.key;
            return (
              <TableHead
                key={column.key}
                className={cn(column.className, column.key === "fitSeconds" && "hidden sm:table-cell")}
                aria-sort={active ? (sort.order === "best" ? "descending" : "ascending") : "none"}
              >
                <button
                  type="button"
                  onClick={() => toggle(column.key)}
                  className="inline-flex items-center gap-1 rounded-sm font-medium hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
                >
                  {column.key === "score" ? metricLabel(metric) : column.label}
                  {active && (sort.order === "best" ? <ArrowDown className="size-3" aria-hidden="true" /> : <ArrowUp className="size-3" aria-hidden="true" />)}
                </button>
              </TableHead>
            );
          })}
          <TableHead className="hidden md:table-cell">Phase</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((candidate, index) => {
          const isBest = candidate === best;
          return (
            <TableRow key={candidate.id} data-best={isBest || undefined} className={cn(isBest && "bg-primary/5 font-medium")}>
              <TableCell className="text-muted-foreground tabular-nums">{index + 1}</TableCell>
              <TableCell>
                <span className="inline-flex items-center gap-2">
                  {candidate.algorithm}
                  {isBest && (
                    <Badge variant="success">
                      <Trophy aria-hidden="true" />
                      Best
                    </Badge>
                  )}
                </span>
              </TableCell>
              <TableCell className="text-right whitespace-nowrap tabular-nums">
                {formatScore(candidate.score)}
                {candidate.scoreStd !== null && <span className="text-xs text-muted-foreground"> ± {formatScore(candidate.scoreStd)}</span>}
              </TableCell>
              <TableCell className="hidden text-right tabular-nums sm:table-cell">{formatSeconds(candidate.fitSeconds)}</TableCell>
              <TableCell className="hidden text-muted-foreground md:table-cell">{candidate.phase || "—"}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
