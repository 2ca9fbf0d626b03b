/**
 * Traffic windows and the chart series built from the API's per-minute counters.
 *
 * The API answers one point per minute that saw requests (and nothing for quiet minutes),
 * so the charts fill the quiet minutes with zeros and group minutes into buckets that keep
 * each chart near a hundred points whatever the window.
 */
import type { Traffic, TrafficPoint } from "@/lib/api/monitoring";

export interface TrafficWindow {
  value: string;
  label: string;
  minutes: number;
  /** Minutes per chart point. */
  bucketMinutes: number;
  /** How often the page asks again, in ms. */
  refreshMs: number;
}

export const TRAFFIC_WINDOWS: readonly TrafficWindow[] = [
  { value: "60", label: "Last hour", minutes: 60, bucketMinutes: 1, refreshMs: 10_000 },
  { value: "360", label: "Last 6 hours", minutes: 360, bucketMinutes: 5, refreshMs: 10_000 },
  { value: "1440", label: "Last 24 hours", minutes: 1440, bucketMinutes: 15, refreshMs: 10_000 },
  { value: "10080", label: "Last 7 days", minutes: 10080, bucketMinutes: 120, refreshMs: 60_000 },
];

export const DEFAULT_TRAFFIC_WINDOW = "60";

export function trafficWindow(value: string): TrafficWindow {
  return TRAFFIC_WINDOWS.find((window) => window.value === value) ?? (TRAFFIC_WINDOWS[0] as TrafficWindow);
}

export interface TrafficBucket {
  /** Start of the bucket, epoch ms. */
  time: number;
  requests: number;
  errors: number;
  /** Requests per minute over the bucket. */
  rate: number;
  /** Errors as a share of requests; null without requests. */
  errorRate: number | null;
  /** Mean server-side latency of the bucket's requests; null without requests. */
  meanLatencyMs: number | null;
}

const MINUTE = 60_000;

/**
 * Every bucket of the window, oldest first, with quiet buckets at zero. Latency is the
 * request-weighted mean of the minutes' means.
 */
export function trafficBuckets(series: readonly TrafficPoint[], windowStart: string, windowEnd: string, bucketMinutes: number): TrafficBucket[] {
  const step = bucketMinutes * MINUTE;
  const start = Math.floor(Date.parse(windowStart) / step) * step;
  const end = Date.parse(windowEnd);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [];
  const sums = new Map<number, { requests: number; errors: number; latencyTotal: number; timed: number }>();
  for (let time = start; time <= end; time += step) sums.set(time, { requests: 0, errors: 0, latencyTotal: 0, timed: 0 });
  for (const point of series) {
    const time = Math.floor(Date.parse(point.minute) / step) * step;
    const bucket = sums.get(time);
    if (!bucket) continue;
    bucket.requests += point.requests;
    bucket.errors += point.errors;
    if (point.mean_latency_ms !== null && point.requests > 0) {
      bucket.latencyTotal += point.mean_latency_ms * point.requests;
      bucket.timed += point.requests;
    }
  }
  return [...sums.entries()].map(([time, bucket]) => ({
    time,
    requests: bucket.requests,
    errors: bucket.errors,
    rate: bucket.requests / bucketMinutes,
    errorRate: bucket.requests > 0 ? bucket.errors / bucket.requests : null,
    meanLatencyMs: bucket.timed > 0 ? bucket.latencyTotal / bucket.timed : null,
  }));
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
