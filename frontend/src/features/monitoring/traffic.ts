/**
 * Traffic windows and the chart series built from the API's traffic series.
 *
 * The API answers one point per step that saw requests (nothing for quiet steps), at a step
 * width it chooses (`step_minutes`: the finest of 1, 5, 15, 60, 360 or 1440 minutes that keeps
 * the window to at most 360 points), each with its own latency percentiles. The charts only fill
 * the quiet steps with zeros, at the server's step.
 */
import type { Traffic, TrafficPoint } from "@/lib/api/monitoring";

export interface TrafficWindow {
  value: string;
  label: string;
  minutes: number;
}

export const TRAFFIC_WINDOWS: readonly TrafficWindow[] = [
  { value: "60", label: "Last hour", minutes: 60 },
  { value: "360", label: "Last 6 hours", minutes: 360 },
  { value: "1440", label: "Last 24 hours", minutes: 1440 },
  { value: "10080", label: "Last 7 days", minutes: 10080 },
];

export const DEFAULT_TRAFFIC_WINDOW = "60";

/**
 * How often the page asks again, in ms, whatever the window: the server answers at most 360
 * points, so a week costs about what an hour does.
 */
export const TRAFFIC_REFRESH_MS = 10_000;

export function trafficWindow(value: string): TrafficWindow {
  return TRAFFIC_WINDOWS.find((window) => window.value === value) ?? (TRAFFIC_WINDOWS[0] as TrafficWindow);
}

export interface TrafficBucket {
  /** Start of the step, epoch ms. */
  time: number;
  requests: number;
  errors: number;
  /** Requests per minute over the part of the step inside the window. */
  rate: number;
  /** Errors as a share of requests; null without requests. */
  errorRate: number | null;
  /** Server-side latency percentiles of the step's requests; null without requests. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

const MINUTE = 60_000;

/**
 * Every step of the window at the server's width, oldest first, with quiet steps at zero. Steps
 * start at multiples of the width since the epoch (UTC), as the server's do. The first and last
 * steps may be cut by the window: their rate is over the minutes inside it.
 */
export function trafficBuckets(series: readonly TrafficPoint[], windowStart: string, windowEnd: string, stepMinutes: number): TrafficBucket[] {
  const step = stepMinutes * MINUTE;
  // The server counts whole minutes: the window's first minute is counted from its start.
  const from = Math.floor(Date.parse(windowStart) / MINUTE) * MINUTE;
  const start = Math.floor(from / step) * step;
  const end = Date.parse(windowEnd);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start || !(step > 0)) return [];
  const byTime = new Map<number, TrafficPoint>();
  for (const point of series) byTime.set(Date.parse(point.minute), point);
  const buckets: TrafficBucket[] = [];
  for (let time = start; time <= end; time += step) {
    const point = byTime.get(time);
    const requests = point?.requests ?? 0;
    const minutes = Math.max((Math.min(time + step, end) - Math.max(time, from)) / MINUTE, 1);
    buckets.push({
      time,
      requests,
      errors: point?.errors ?? 0,
      rate: requests / minutes,
      errorRate: point && requests > 0 ? point.errors / requests : null,
      p50Ms: point?.latency_p50_ms ?? null,
      p95Ms: point?.latency_p95_ms ?? null,
      p99Ms: point?.latency_p99_ms ?? null,
    });
  }
  return buckets;
}

/** "minute", "5 minutes", "hour", "6 hours", "day": the width of one step, after "per". */
export function stepLabel(stepMinutes: number): string {
  if (stepMinutes % 1440 === 0) return stepMinutes === 1440 ? "day" : `${stepMinutes / 1440} days`;
  if (stepMinutes % 60 === 0) return stepMinutes === 60 ? "hour" : `${stepMinutes / 60} hours`;
  return stepMinutes === 1 ? "minute" : `${stepMinutes} minutes`;
}

const countFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const rateFormat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 3 });
const percentFormat = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 2 });

export function formatCount(value: number): string {
  return countFormat.format(value);
}

export function formatRate(value: number | null | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? rateFormat.format(value) : "—";
}

export function formatPercent(value: number | null | undefined): string {
  return typeof value === "number" && Number.isFinite(value) ? percentFormat.format(value) : "—";
}

/** "12 ms", "1.2 s"; a dash without a value. */
export function formatLatency(ms: number | null | undefined): string {
  if (typeof ms !== "number" || !Number.isFinite(ms)) return "—";
  if (ms >= 1000) return `${rateFormat.format(ms / 1000)} s`;
  return `${rateFormat.format(ms)} ms`;
}

export interface Headline {
  label: string;
  value: string;
  detail?: string;
}

/** The numbers shown above the charts. */
export function trafficHeadlines(traffic: Traffic): Headline[] {
  return [
    { label: "Requests", value: formatCount(traffic.requests), detail: `${formatCount(traffic.rows)} rows scored` },
    { label: "Request rate", value: `${formatRate(traffic.request_rate_per_minute)}/min` },
    { label: "Error rate", value: formatPercent(traffic.error_rate), detail: `${formatCount(traffic.errors)} failed` },
    { label: "Latency p50", value: formatLatency(traffic.latency_p50_ms) },
    { label: "Latency p95", value: formatLatency(traffic.latency_p95_ms) },
    { label: "Latency p99", value: formatLatency(traffic.latency_p99_ms) },
  ];
}

/** A tick label for a bucket: the time of day in short windows, the date and hour beyond a day. */
export function bucketLabel(time: number, windowMinutes: number): string {
  const options: Intl.DateTimeFormatOptions = windowMinutes > 1440 ? { month: "short", day: "numeric", hour: "2-digit" } : { hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(undefined, options).format(new Date(time));
}

/** The predict call, for the empty state. */
export function predictSnippet(origin: string, deploymentId: string): string {
  return [
    `curl -X POST ${origin}/api/v1/deployments/${deploymentId}/predict \\`,
    `  -H "Authorization: Bearer $MODELYARD_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"record": {…}}'`,
  ].join("\n");
}
