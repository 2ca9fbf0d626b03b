import { describe, expect, it } from "vitest";
import type { Session } from "@/lib/api";
import { sortSessions } from "./queries";

const session = (id: string, lastSeen: string, current = false): Session => ({
  id,
  created_at: "2026-01-01T00:00:00Z",
  last_seen_at: lastSeen,
  expires_at: "2026-06-01T00:00:00Z",
  user_agent: null,
  ip: "127.0.0.1",
  current,
});

describe("sortSessions", () => {
  it("puts this browser first, then the most recently active", () => {
    const sorted = sortSessions([
      session("old", "2026-02-01T00:00:00Z"),
      session("mine", "2026-01-15T00:00:00Z", true),
      session("recent", "2026-02-20T00:00:00Z"),
    ]);
    expect(sorted.map((s) => s.id)).toEqual(["mine", "recent", "old"]);
  });
});
