/**
 * The monitoring charts. Loaded with React.lazy (see lazy-charts.tsx), so Recharts is fetched
 * only when a chart is on screen, on top of the deployment route's own code splitting.
 */
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type * as React from "react";
import { formatScore, metricLabel } from "@/features/models/metrics";
import { cn } from "@/lib/utils";
import type { Traffic } from "@/lib/api/monitoring";
import type { BinShare } from "./drift";
import type { PerformancePoint } from "./performance";
import {
  bucketLabel,
  formatLatency,
  formatPercent,
  formatRate,
  stepLabel,
  type TrafficBucket,
} from "./traffic";

const AXIS = { fill: "var(--muted-foreground)", fontSize: 11 };
const TOOLTIP = {
  contentStyle: {
    background: "var(--popover)",
    border: "1px solid var(--border)",
    borderRadius: 8,
    color: "var(--popover-foreground)",
    fontSize: 12,
  },
  labelStyle: { color: "var(--muted-foreground)" },
};
const SECOND_SERIES = "oklch(0.65 0.17 40)";

function ChartFigure({
  title,
  summary,
  children,
  className,
}: {
  title: string;
  summary: string;
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <figure className={cn("grid min-w-0 gap-2", className)}>
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <div
        role="img"
        aria-label={summary}
        className="h-48 w-full min-w-0 sm:h-56"
      >
        {children}
      </div>
    </figure>
  );
}

function peak(values: (number | null)[]): number | null {
  const present = values.filter((value): value is number => value !== null);
  return present.length ? Math.max(...present) : null;
}

/** The latency percentile lines: colour, and a dash pattern so that they differ without colour. */
const PERCENTILES = [
  { key: "p50Ms", name: "p50", stroke: "var(--primary)", dash: undefined },
  { key: "p95Ms", name: "p95", stroke: SECOND_SERIES, dash: "6 3" },
  { key: "p99Ms", name: "p99", stroke: "var(--destructive)", dash: "2 3" },
] as const;

/**
 * Request rate, error rate and latency percentiles per step of the server's series. Quiet steps
 * have no error rate or latency: the lines join the steps that saw requests, with dots while
 * there are few of them (a single step would otherwise draw nothing).
 */
export function TrafficCharts({
  buckets,
  traffic,
}: {
  buckets: TrafficBucket[];
  traffic: Traffic;
}) {
  const windowMinutes =
    (Date.parse(traffic.window_end) - Date.parse(traffic.window_start)) /
    60_000;
  const step = stepLabel(traffic.step_minutes);
  const tick = (value: number) => bucketLabel(value, windowMinutes);
  const label = (value: unknown) =>
    `${bucketLabel(Number(value), windowMinutes)}${traffic.step_minutes > 1 ? ` (${step})` : ""}`;
  const xAxis = (
    <XAxis
      dataKey="time"
      type="number"
      scale="time"
      domain={["dataMin", "dataMax"]}
      tick={AXIS}
      stroke="var(--border)"
      tickFormatter={tick}
      minTickGap={24}
    />
  );
  const grid = <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />;
  const margin = { top: 8, right: 12, bottom: 4, left: 0 };
  const active = buckets.filter((bucket) => bucket.requests > 0).length;
  const dot = active <= 30 ? { r: 2 } : false;
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-2">
      <ChartFigure
        title="Requests per minute"
        summary={`Request rate per ${step} over the window: ${formatRate(traffic.request_rate_per_minute)} per minute on average, peak ${formatRate(peak(buckets.map((b) => b.rate)))}.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={buckets} margin={margin}>
            {grid}
            {xAxis}
            <YAxis
              tick={AXIS}
              stroke="var(--border)"
              width={44}
              allowDecimals
              tickFormatter={(value: number) => formatRate(value)}
            />
            <Tooltip
              {...TOOLTIP}
              labelFormatter={label}
              formatter={(value) => [
                `${formatRate(Number(value))}/min`,
                "Requests",
              ]}
            />
            <Area
              dataKey="rate"
              name="Requests per minute"
              type="monotone"
              stroke="var(--primary)"
              fill="var(--primary)"
              fillOpacity={0.15}
              strokeWidth={2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        title="Error rate"
        summary={`Error rate per ${step} over the window: ${formatPercent(traffic.error_rate)} overall, peak ${formatPercent(peak(buckets.map((b) => b.errorRate)))}.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={buckets} margin={margin}>
            {grid}
            {xAxis}
            {/* Without errors, 0–1 % rather than Recharts' 0–400 % for a flat zero. */}
            <YAxis
              tick={AXIS}
              stroke="var(--border)"
              width={44}
              domain={[
                0,
                peak(buckets.map((b) => b.errorRate)) ? "auto" : 0.01,
              ]}
              tickFormatter={(value: number) => formatPercent(value)}
            />
            <Tooltip
              {...TOOLTIP}
              labelFormatter={label}
              formatter={(value) => [
                formatPercent(typeof value === "number" ? value : null),
                "Errors",
              ]}
            />
            <Line
              dataKey="errorRate"
              name="Error rate"
              type="monotone"
              stroke="var(--destructive)"
              strokeWidth={2}
              dot={dot}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
      <ChartFigure
        className="lg:col-span-2"
        title="Latency"
        summary={`Server-side latency p50, p95 and p99 per ${step}, highest p99 ${formatLatency(peak(buckets.map((b) => b.p99Ms)))}; over the window p50 ${formatLatency(traffic.latency_p50_ms)}, p95 ${formatLatency(traffic.latency_p95_ms)}, p99 ${formatLatency(traffic.latency_p99_ms)}.`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={buckets} margin={margin}>
            {grid}
            {xAxis}
            <YAxis
              tick={AXIS}
              stroke="var(--border)"
              width={52}
              domain={[0, "auto"]}
              tickFormatter={(value: number) => formatLatency(value)}
            />
            <Tooltip
              {...TOOLTIP}
              labelFormatter={label}
              formatter={(value, name) => [
                formatLatency(typeof value === "number" ? value : null),
                name,
              ]}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {PERCENTILES.map((line) => (
              <Line
                key={line.key}
                dataKey={line.key}
                name={line.name}
                type="monotone"
                stroke={line.stroke}
                strokeDasharray={line.dash}
                strokeWidth={2}
                dot={dot}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartFigure>
    </div>
  );
}

/** The chosen metric per bucket (line) over the labelled predictions of each bucket (bars). */
export function PerformanceChart({
  points,
  metric,
  bucket,
}: {
  points: PerformancePoint[];
  metric: string;
  bucket: "hour" | "day";
}) {
  const format = (time: number) =>
    new Intl.DateTimeFormat(
      undefined,
      bucket === "hour"
        ? { month: "short", day: "numeric", hour: "2-digit" }
        : { month: "short", day: "numeric" },
    ).format(new Date(time));
  const values = points
    .map((point) => point.value)
    .filter((value): value is number => value !== null);
  const summary = values.length
    ? `${metricLabel(metric)} per ${bucket} of prediction, from ${formatScore(Math.min(...values))} to ${formatScore(Math.max(...values))}, over ${points.length} ${bucket}s with labels.`
    : `No ${metricLabel(metric)} could be computed yet.`;
  return (
    <ChartFigure
      title={`${metricLabel(metric)} per ${bucket}`}
      summary={summary}
    >
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart
          data={points}
          margin={{ top: 8, right: 4, bottom: 4, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="time"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            tick={AXIS}
            stroke="var(--border)"
            tickFormatter={format}
            minTickGap={24}
            padding={{ left: 12, right: 12 }}
          />
          <YAxis
            yAxisId="metric"
            tick={AXIS}
            stroke="var(--border)"
            width={48}
            domain={["auto", "auto"]}
            tickFormatter={(value: number) => formatScore(value)}
          />
          <YAxis
            yAxisId="labelled"
            orientation="right"
            tick={AXIS}
            stroke="var(--border)"
            width={40}
            allowDecimals={false}
          />
          <Tooltip
            {...TOOLTIP}
            labelFormatter={(value) => format(Number(value))}
            formatter={(value, name) => [
              name === "Labelled predictions"
                ? String(value)
                : formatScore(value),
              name,
            ]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            yAxisId="labelled"
            dataKey="labelled"
            name="Labelled predictions"
            fill="var(--muted-foreground)"
            fillOpacity={0.2}
            isAnimationActive={false}
          />
          <Line
            yAxisId="metric"
            dataKey="value"
            name={metricLabel(metric)}
            type="monotone"
            stroke="var(--primary)"
            strokeWidth={2}
            dot
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}

/** Share of training and production rows in each bin of one feature. */
export function BinsChart({
  feature,
  bins,
}: {
  feature: string;
  bins: BinShare[];
}) {
  const moved = [...bins].sort(
    (a, b) =>
      Math.abs(b.production - b.training) - Math.abs(a.production - a.training),
  )[0];
  const summary = moved
    ? `Bins of ${feature}: the largest change is ${moved.bin}, ${formatPercent(moved.training)} of training rows and ${formatPercent(moved.production)} of production rows.`
    : `No bins for ${feature}.`;
  return (
    <ChartFigure title={`${feature}: training vs production`} summary={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={bins}
          margin={{ top: 8, right: 12, bottom: 4, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis
            dataKey="bin"
            tick={AXIS}
            stroke="var(--border)"
            interval="preserveStartEnd"
            minTickGap={8}
          />
          <YAxis
            tick={AXIS}
            stroke="var(--border)"
            width={44}
            tickFormatter={(value: number) => formatPercent(value)}
          />
          <Tooltip
            {...TOOLTIP}
            formatter={(value, name) => [
              formatPercent(typeof value === "number" ? value : null),
              name,
            ]}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar
            dataKey="training"
            name="Training"
            fill="var(--muted-foreground)"
            isAnimationActive={false}
          />
          <Bar
            dataKey="production"
            name="Production"
            fill="var(--primary)"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
