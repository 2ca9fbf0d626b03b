import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChevronLeft, ChevronRight } from "lucide-react";
import { useState } from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatCell } from "./profile";
import { PREVIEW_PAGE_SIZE, datasetRowsQueryOptions } from "./queries";

const numberFormat = new Intl.NumberFormat();


/** Pages through the version's rows, a screenful at a time. */
export function RowsPreview({ workspaceId, versionId }: { workspaceId: string; versionId: string }) {
  const [offset, setOffset] = useState(0);
  const rows = useQuery({ ...datasetRowsQueryOptions(workspaceId, versionId, offset), placeholderData: keepPreviousData });
  if (rows.isPending) {
    return (
      <div className="grid gap-2" role="status" aria-label="Loading rows">
        {[0, 1, 2, 3].map((row) => (
          <Skeleton key={row} className="h-8 w-full" />
        ))}
      </div>
    );
  }
  if (rows.isError) return <ProblemAlert error={rows.error} />;
  const page = rows.data;
  const last = Math.min(page.offset + page.rows.length, page.total_rows);
  return (
    <div className="grid gap-3">
      {/* Wide tables scroll sideways; the region is focusable so keyboard users can scroll it too. */}
      <div role="region" aria-label="Rows" tabIndex={0} className="relative w-full overflow-x-auto rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
        <table aria-label="Row preview" className="w-full caption-bottom text-sm">
          <TableHeader>
            <TableRow>
              <TableHead className="w-12 text-right">#</TableHead>
              {page.columns.map((column) => (
                <TableHead key={column} className="font-mono">
                  {column}
                </TableHead>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.rows.map((row, index) => (
              <TableRow key={page.offset + index}>
                <TableCell className="text-right text-muted-foreground tabular-nums">{page.offset + index + 1}</TableCell>
                {row.map((value, cell) => (
                  <TableCell key={cell} className="max-w-[14rem] truncate whitespace-nowrap" title={formatCell(value)}>
                    {value === null || value === undefined ? <span className="text-muted-foreground italic">null</span> : formatCell(value)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </table>
      </div>
      <div className="flex items-center justify-between gap-2 text-sm text-muted-foreground">
        <span className="tabular-nums" aria-live="polite">
          Rows {numberFormat.format(page.total_rows === 0 ? 0 : page.offset + 1)}–{numberFormat.format(last)} of {numberFormat.format(page.total_rows)}
        </span>
        <div className="flex gap-2">
          <Button variant="outline" size="sm" disabled={offset === 0 || rows.isFetching} onClick={() => setOffset(Math.max(0, offset - PREVIEW_PAGE_SIZE))}>
            <ChevronLeft aria-hidden="true" />
            Previous
          </Button>
          <Button variant="outline" size="sm" disabled={last >= page.total_rows || rows.isFetching} onClick={() => setOffset(offset + PREVIEW_PAGE_SIZE)}>
            Next
            <ChevronRight aria-hidden="true" />
          </Button>
        </div>
      </div>
    </div>
  );
}
