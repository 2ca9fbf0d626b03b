import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ColumnProfile } from "@/lib/api";
import { histogramData } from "./profile";

const numberFormat = new Intl.NumberFormat();

/** The distribution of one column: histogram bins for numbers, top values otherwise. */
export function ColumnHistogram({ column }: { column: ColumnProfile }) {
  const data = histogramData(column);
  if (data.length === 0) return <p className="py-8 text-center text-sm text-muted-foreground">No distribution to show for this column.</p>;
  const categorical = !column.histogram?.length;
  const summary = data.map((d) => `${d.label}: ${numberFormat.format(d.count)}`).join("; ");
  return (
    <figure className="grid gap-2">
      <figcaption className="text-xs text-muted-foreground">{categorical ? "Most frequent values" : "Histogram"} of {column.name}</figcaption>
      <div className="h-56 w-full" role="img" aria-label={`${categorical ? "Most frequent values" : "Histogram"} of ${column.name}: ${summary}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} layout={categorical ? "vertical" : "horizontal"} margin={{ top: 4, right: 8, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            {categorical ? (
              <>
                <XAxis type="number" tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} stroke="var(--border)" />
                <YAxis type="category" dataKey="label" width={96} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} stroke="var(--border)" />
              </>
            ) : (
              <>
                <XAxis dataKey="label" tick={false} stroke="var(--border)" />
                <YAxis tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} width={40} stroke="var(--border)" />
              </>
            )}
            <Tooltip
              cursor={{ fill: "var(--accent)" }}
              contentStyle={{ background: "var(--popover)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--popover-foreground)", fontSize: 12 }}
              formatter={(value) => [numberFormat.format(Number(value)), "Rows"]}
            />
            <Bar dataKey="count" fill="var(--primary)" radius={categorical ? [0, 3, 3, 0] : [3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
