import { describe, expect, it } from "vitest";
import type { Traffic, TrafficPoint } from "@/lib/api/monitoring";
import { formatLatency, formatPercent, stepLabel, trafficBuckets, trafficHeadlines } from "./traffic";

const point = (minute: string, requests: number, errors: number, latency: [number, number, number] | null = [5, 9, 20]): TrafficPoint => ({
  minute,
  requests,
  errors,
  rows: requests,
  mean_latency_ms: latency ? latency[0] : null,
  latency_p50_ms: latency ? latency[0] : null,
  latency_p95_ms: latency ? latency[1] : null,
  latency_p99_ms: latency ? latency[2] : null,
});

describe("trafficBuckets", () => {
  it("fills quiet minutes with zeros over the whole window", () => {
    const buckets = trafficBuckets([point("2026-03-01T12:02:00Z", 30, 3, [10, 40, 90])], "2026-03-01T12:00:00.123456Z", "2026-03-01T12:04:30Z", 1);
    expect(buckets.map((bucket) => bucket.requests)).toEqual([0, 0, 30, 0, 0]);
    expect(buckets[0]).toEqual({ time: Date.parse("2026-03-01T12:00:00Z"), requests: 0, errors: 0, rate: 0, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null });
    expect(buckets[2]).toMatchObject({ rate: 30, errorRate: 0.1, p50Ms: 10, p95Ms: 40, p99Ms: 90 });
  });

  it("keeps the server's steps as they are: one bucket per step, its own percentiles, no regrouping", () => {
    const buckets = trafficBuckets(
      [point("2026-03-01T12:00:00Z", 600, 0, [4, 8, 12]), point("2026-03-01T13:00:00Z", 120, 6, [30, 250, 900])],
      "2026-03-01T11:40:00Z",
      "2026-03-01T14:30:00Z",
      60,
    );
    expect(buckets.map((bucket) => new Date(bucket.time).toISOString())).toEqual(["2026-03-01T11:00:00.000Z", "2026-03-01T12:00:00.000Z", "2026-03-01T13:00:00.000Z", "2026-03-01T14:00:00.000Z"]);
    expect(buckets[1]).toMatchObject({ requests: 600, rate: 10, errorRate: 0, p50Ms: 4, p95Ms: 8, p99Ms: 12 });
    expect(buckets[2]).toMatchObject({ requests: 120, rate: 2, errorRate: 0.05, p50Ms: 30, p95Ms: 250, p99Ms: 900 });
    expect(buckets[3]).toMatchObject({ requests: 0, rate: 0, errorRate: null, p99Ms: null });
  });

  it("counts the rate of a step cut by the window over its minutes inside the window", () => {
    const buckets = trafficBuckets([point("2026-03-01T11:00:00Z", 40, 0), point("2026-03-01T14:00:00Z", 300, 0)], "2026-03-01T11:40:10Z", "2026-03-01T14:30:00Z", 60);
    // 11:40–12:00 is 20 minutes of the window; 14:00–14:30 is 30.
    expect(buckets[0]?.rate).toBe(2);
    expect(buckets.at(-1)?.rate).toBe(10);
  });

  it("ignores points outside the window and answers nothing for a broken window", () => {
    expect(trafficBuckets([point("2026-02-01T00:00:00Z", 9, 0)], "2026-03-01T12:00:00Z", "2026-03-01T12:01:00Z", 1)).toEqual([
      expect.objectContaining({ requests: 0 }),
      expect.objectContaining({ requests: 0 }),
    ]);
    expect(trafficBuckets([], "not a date", "2026-03-01T12:01:00Z", 1)).toEqual([]);
    expect(trafficBuckets([], "2026-03-01T12:00:00Z", "2026-03-01T12:01:00Z", 0)).toEqual([]);
  });
});

describe("stepLabel", () => {
  it("names each width the server uses", () => {
    expect([1, 5, 15, 60, 360, 1440].map(stepLabel)).toEqual(["minute", "5 minutes", "15 minutes", "hour", "6 hours", "day"]);
  });
});

describe("headline numbers", () => {
  it("formats latency, percentages and the summary", () => {
    expect(formatLatency(4.5678)).toBe("4.57 ms");
    expect(formatLatency(1534)).toBe("1.53 s");
    expect(formatLatency(null)).toBe("—");
    expect(formatPercent(0.0123)).toBe("1.23%");
    const traffic: Traffic = {
      deployment_id: "dep_1",
      window_start: "2026-03-01T11:00:00Z",
      window_end: "2026-03-01T12:00:00Z",
      step_minutes: 1,
      requests: 1200,
      errors: 6,
      rows: 2400,
      request_rate_per_minute: 20,
      error_rate: 0.005,
      latency_p50_ms: 3.2,
      latency_p95_ms: 12,
      latency_p99_ms: 48.5,
      mean_latency_ms: 4,
      series: [],
    };
    expect(trafficHeadlines(traffic).map((item) => [item.label, item.value])).toEqual([
      ["Requests", "1,200"],
      ["Request rate", "20/min"],
      ["Error rate", "0.5%"],
      ["Latency p50", "3.2 ms"],
      ["Latency p95", "12 ms"],
      ["Latency p99", "48.5 ms"],
    ]);
  });
});
