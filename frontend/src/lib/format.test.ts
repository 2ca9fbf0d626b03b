import { describe, expect, it } from "vitest";
import { describeUserAgent, formatRelative, initials, isPast } from "./format";

const now = new Date("2026-03-01T12:00:00Z");

describe("formatRelative", () => {
  it("describes past and future times in words", () => {
    expect(formatRelative("2026-03-01T11:59:50Z", now)).toBe("just now");
    expect(formatRelative("2026-03-01T11:57:00Z", now)).toBe("3 minutes ago");
    expect(formatRelative("2026-03-03T12:00:00Z", now)).toBe("in 2 days");
    expect(formatRelative("2025-03-01T12:00:00Z", now)).toBe("last year");
  });
});

describe("isPast", () => {
  it("compares against now", () => {
    expect(isPast("2026-03-01T11:00:00Z", now)).toBe(true);
    expect(isPast("2026-03-01T13:00:00Z", now)).toBe(false);
  });
});

describe("initials", () => {
  it("uses up to two words of a name, or the first letter of an email", () => {
    expect(initials("Ada Lovelace")).toBe("AL");
    expect(initials("grace brewster murray hopper")).toBe("GB");
    expect(initials("ada@example.com")).toBe("A");
    expect(initials("  ")).toBe("?");
  });
});

describe("describeUserAgent", () => {
  it("names common browsers and systems", () => {
    expect(describeUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15")).toBe("Safari on macOS");
    expect(describeUserAgent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36")).toBe("Chrome on Linux");
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36 Edg/130.0")).toBe("Edge on Windows");
    expect(describeUserAgent("python-httpx/0.28")).toBe("API client");
    expect(describeUserAgent(null)).toBe("Unknown device");
  });
});
