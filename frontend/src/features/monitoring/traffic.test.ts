import { describe, expect, it } from "vitest";
import type { Traffic } from "@/lib/api/monitoring";
import { formatLatency, formatPercent, trafficBuckets, trafficHeadlines } from "./traffic";

describe("trafficBuckets", () => {
  it("fills quiet minutes with zeros over the whole window", () => {
    const buckets = trafficBuckets(
      [{ minute: "2026-03-01T12:02:00Z", requests: 30, errors: 3, rows: 30, mean_latency_ms: 10, latency_p50_ms: null, latency_p95_ms: null, latency_p99_ms: null }],
      "2026-03-01T12:00:00.123456Z",
      "2026-03-01T12:04:30Z",
      1,
    );
    expect(buckets.map((bucket) => bucket.requests)).toEqual([0, 0, 30, 0, 0]);
    expect(buckets[0]).toMatchObject({ time: Date.parse("2026-03-01T12:00:00Z"), rate: 0, errorRate: null, meanLatencyMs: null });
    expect(buckets[2]).toMatchObject({ rate: 30, errorRate: 0.1, meanLatencyMs: 10 });
  });

  it("groups minutes into buckets, with rates per minute and latency weighted by requests", () => {
    const buckets = trafficBuckets(
      [
        { minute: "2026-03-01T12:00:00Z", requests: 10, errors: 0, rows: 10, mean_latency_ms: 5, latency_p50_ms: null, latency_p95_ms: null, latency_p99_ms: null },
        { minute: "2026-03-01T12:03:00Z", requests: 30, errors: 2, rows: 60, mean_latency_ms: 25, latency_p50_ms: null, latency_p95_ms: null, latency_p99_ms: null },
        { minute: "2026-03-01T12:07:00Z", requests: 5, errors: 5, rows: 0, mean_latency_ms: null, latency_p50_ms: null, latency_p95_ms: null, latency_p99_ms: null },
      ],
      "2026-03-01T12:00:00Z",
      "2026-03-01T12:09:59Z",
      5,
    );
    expect(buckets).toHaveLength(2);
    expect(buckets[0]).toMatchObject({ requests: 40, errors: 2, rate: 8, errorRate: 0.05, meanLatencyMs: 20 });
    expect(buckets[1]).toMatchObject({ requests: 5, errors: 5, rate: 1, errorRate: 1, meanLatencyMs: null });
  });

  it("ignores points outside the window and answers nothing for a broken window", () => {
    expect(trafficBuckets([{ minute: "2026-02-01T00:00:00Z", requests: 9, errors: 0, rows: 9, mean_latency_ms: 1, latency_p50_ms: null, latency_p95_ms: null, latency_p99_ms: null }], "2026-03-01T12:00:00Z", "2026-03-01T12:01:00Z", 1)).toEqual([
      expect.objectContaining({ requests: 0 }),
      expect.objectContaining({ requests: 0 }),
    ]);
    expect(trafficBuckets([], "not a date", "2026-03-01T12:01:00Z", 1)).toEqual([]);
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
