/**
 * The model version's charts. Only the version page imports this module, so Recharts stays
 * in that route's lazy chunk.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from "recharts";
import { cn } from "@/lib/utils";
import type { ConfusionMatrix, Diagnostics, RocCurve } from "./diagnostics";
import { formatScore } from "./metrics";

const SERIES = ["var(--primary)", "oklch(0.65 0.17 40)", "oklch(0.6 0.13 155)", "oklch(0.6 0.16 330)", "oklch(0.62 0.12 220)", "oklch(0.7 0.14 90)"];
const AXIS = { stroke: "var(--muted-foreground)", fontSize: 12 };
const TOOLTIP = {
  contentStyle: { background: "var(--popover)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--popover-foreground)", fontSize: 12 },
  labelStyle: { color: "var(--muted-foreground)" },
};

function ChartFigure({ title, summary, children, className }: { title: string; summary: string; children: React.ReactNode; className?: string }) {
  return (
    <figure className={cn("grid gap-2", className)}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div role="img" aria-label={summary} className="h-64 w-full min-w-0">
        {children}
      </div>
    </figure>
  );
}

export function ConfusionMatrixTable({ matrix }: { matrix: ConfusionMatrix }) {
  return (
    <figure className="grid content-start gap-2">
      <figcaption className="text-sm font-medium">
        Confusion matrix <span className="font-normal text-muted-foreground">· {matrix.total} held-out rows, {formatScore(matrix.total ? matrix.correct / matrix.total : null)} accurate</span>
      </figcaption>
      <div className="overflow-x-auto">
        <table className="border-separate border-spacing-1 text-sm">
          <thead>
            <tr>
              <th scope="col" className="px-2 text-left text-xs font-normal text-muted-foreground">
                Actual ↓ / Predicted →
              </th>
              {matrix.labels.map((label) => (
                <th key={label} scope="col" className="max-w-24 truncate px-2 text-center text-xs font-medium" title={label}>
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.actual}>
                <th scope="row" className="max-w-32 truncate px-2 text-left text-xs font-medium" title={row.actual}>
                  {row.actual}
                </th>
                {row.cells.map((cell) => {
                  const diagonal = cell.actual === cell.predicted;
                  return (
                    <td
                      key={cell.predicted}
                      className={cn("min-w-14 rounded-md px-2 py-2 text-center text-foreground tabular-nums", diagonal && "font-semibold")}
                      // Shade by the share of the actual class, capped so the text keeps its contrast in both themes.
                      style={{ background: `color-mix(in oklch, ${diagonal ? "var(--primary)" : "var(--destructive)"} ${Math.round(6 + cell.share * 39)}%, var(--card))` }}
                      title={`${cell.count} rows of ${cell.actual} predicted as ${cell.predicted} (${Math.round(cell.share * 100)}% of ${cell.actual})`}
                    >
                      {cell.count}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

export function RocChart({ curves }: { curves: RocCurve[] }) {
  const summary = curves.map((curve) => `${curve.label}: AUC ${formatScore(curve.auc)}`).join(", ");
  return (
    <ChartFigure title={curves.length === 1 ? `ROC curve (positive class ${curves[0]?.label ?? ""})` : "ROC curves (one class against the rest)"} summary={`ROC curve. ${summary}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis type="number" dataKey="fpr" domain={[0, 1]} tick={AXIS} stroke="var(--border)" label={{ value: "False positive rate", position: "insideBottom", offset: -8, fill: "var(--muted-foreground)", fontSize: 12 }} />
          <YAxis type="number" dataKey="tpr" domain={[0, 1]} tick={AXIS} stroke="var(--border)" width={40} />
          <ReferenceLine segment={[{ x: 0, y: 0 }, { x: 1, y: 1 }]} stroke="var(--muted-foreground)" strokeDasharray="4 4" />
          <Tooltip {...TOOLTIP} formatter={(value) => formatScore(value)} labelFormatter={(value) => `FPR ${formatScore(value)}`} />
          {curves.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {curves.map((curve, i) => (
            <Line
              key={curve.label}
              data={curve.points}
              dataKey="tpr"
              name={`${curve.label} (AUC ${formatScore(curve.auc)})`}
              stroke={SERIES[i % SERIES.length]}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
              type="linear"
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

export function ResidualCharts({ diagnostics, target }: { diagnostics: Diagnostics; target: string }) {
  const points = diagnostics.residuals;
  const values = points.flatMap((point) => [point.actual, point.predicted]);
  const low = Math.min(...values);
  const high = Math.max(...values);
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
      {points.length > 0 && (
        <ChartFigure title={`Predicted vs actual ${target}`} summary={`Scatter of ${points.length} held-out rows: predicted against actual values. Points on the diagonal are exact.`}>
          <ResponsiveContainer width="100%" height="100%">
            <ScatterChart margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis type="number" dataKey="actual" name="Actual" domain={[low, high]} tick={AXIS} stroke="var(--border)" tickFormatter={(v: number) => formatScore(v)} label={{ value: "Actual", position: "insideBottom", offset: -8, fill: "var(--muted-foreground)", fontSize: 12 }} />
              <YAxis type="number" dataKey="predicted" name="Predicted" domain={[low, high]} tick={AXIS} stroke="var(--border)" width={56} tickFormatter={(v: number) => formatScore(v)} />
              <ReferenceLine segment={[{ x: low, y: low }, { x: high, y: high }]} stroke="var(--muted-foreground)" strokeDasharray="4 4" />
              <Tooltip {...TOOLTIP} formatter={(value) => formatScore(value)} />
              <Scatter data={points} fill="var(--primary)" fillOpacity={0.5} isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
        </ChartFigure>
      )}
      {diagnostics.histogram.length > 0 && (
        <ChartFigure title="Residuals (actual − predicted)" summary={`Histogram of residuals over ${diagnostics.rows} held-out rows.`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={diagnostics.histogram} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
              <XAxis dataKey="from" tick={AXIS} stroke="var(--border)" tickFormatter={(v: number) => formatScore(v)} />
              <YAxis tick={AXIS} stroke="var(--border)" width={40} allowDecimals={false} />
              <Tooltip {...TOOLTIP} labelFormatter={(_, payload) => binLabel(payload[0]?.payload)} formatter={(value) => [value, "Rows"]} />
              <Bar dataKey="count" fill="var(--primary)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartFigure>
      )}
    </div>
  );
}

function binLabel(payload: unknown): string {
  return typeof payload === "object" && payload !== null && "label" in payload && typeof payload.label === "string" ? payload.label : "";
}

export function ImportanceChart({ bars }: { bars: { feature: string; value: number }[] }) {
  const height = Math.max(160, bars.length * 28 + 40);
  return (
    <figure className="grid gap-2">
      <figcaption className="sr-only">Feature importance</figcaption>
      <div role="img" aria-label={`Feature importance: ${bars.map((bar) => `${bar.feature} ${formatScore(bar.value)}`).join(", ")}`} style={{ height }} className="w-full min-w-0">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" horizontal={false} />
            <XAxis type="number" tick={AXIS} stroke="var(--border)" tickFormatter={(v: number) => formatScore(v)} />
            <YAxis type="category" dataKey="feature" tick={AXIS} stroke="var(--border)" width={110} interval={0} />
            <Tooltip {...TOOLTIP} formatter={(value) => [formatScore(value), "Importance"]} cursor={{ fill: "var(--accent)" }} />
            <Bar dataKey="value" fill="var(--primary)" radius={[0, 3, 3, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
