import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import type { TrialPoint } from "./job-events";
import { trialChartData } from "./job-events";

const scoreFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

/** Each trial's validation score as it finished, with the best score so far as a step line. */
export function TrialsChart({ trials, metric }: { trials: TrialPoint[]; metric: string }) {
  const { points, byTime } = trialChartData(trials);
  if (points.length === 0) {
    return <p className="py-12 text-center text-sm text-muted-foreground">Trials appear here as each candidate model finishes.</p>;
  }
  const last = points[points.length - 1];
  const metricLabel = metric === "auto" ? "Score" : metric;
  return (
    <figure className="grid gap-2">
      <div
        className="h-64 w-full"
        role="img"
        aria-label={`${metricLabel} of ${points.length} trials${last?.best !== null && last?.best !== undefined ? `; best so far ${scoreFormat.format(last.best)}` : ""}`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 12, bottom: 4, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis
              dataKey="x"
              type="number"
              domain={["dataMin", "dataMax"]}
              tick={{ fill: "var(--muted-foreground)", fontSize: 11 }}
              stroke="var(--border)"
              tickFormatter={(value: number) => (byTime ? `${Math.round(value)}s` : String(value))}
            />
            <YAxis domain={["auto", "auto"]} tick={{ fill: "var(--muted-foreground)", fontSize: 11 }} width={52} stroke="var(--border)" tickFormatter={(value: number) => scoreFormat.format(value)} />
            <Tooltip
              contentStyle={{ background: "var(--popover)", border: "1px solid var(--border)", borderRadius: 8, color: "var(--popover-foreground)", fontSize: 12 }}
              labelFormatter={(value) => (byTime ? `${scoreFormat.format(Number(value))} s` : `Trial ${Number(value)}`)}
              formatter={(value, name) => [typeof value === "number" ? scoreFormat.format(value) : "—", name]}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Scatter name="Trial score" dataKey="score" fill="var(--muted-foreground)" isAnimationActive={false} />
            <Line name="Best so far" dataKey="best" type="stepAfter" stroke="var(--primary)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-muted-foreground">
        {metricLabel} per trial {byTime ? "over the search's time" : "in order"}; the line is the best so far.
      </figcaption>
    </figure>
  );
}
