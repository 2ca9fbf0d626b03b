import { act, renderHook } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { useJobEvents } from "./use-job-events";

/** The browser's EventSource, driven by hand (jsdom has none). */
class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, Set<(event: MessageEvent<string>) => void>>();
  closed = false;

  constructor(
    public url: string,
    public init?: EventSourceInit,
  ) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)?.add(listener);
  }

  removeEventListener(type: string, listener: (event: MessageEvent<string>) => void) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.closed = true;
    this.readyState = FakeEventSource.CLOSED;
  }

  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }

  emit(id: number, type: string, data: unknown) {
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data), lastEventId: String(id) });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  error(readyState: number) {
    this.readyState = readyState;
    this.onerror?.();
  }
}

const latest = () => {
  const source = FakeEventSource.instances.at(-1);
  if (!source) throw new Error("no EventSource was opened");
  return source;
};

describe("useJobEvents", () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal("EventSource", FakeEventSource);
  });

  it("opens the stream with credentials and folds its events", () => {
    const { result } = renderHook(() => useJobEvents("/api/v1/workspaces/ws_1/training-jobs/job_1/events"));
    const source = latest();
    expect(source.url).toBe("/api/v1/workspaces/ws_1/training-jobs/job_1/events");
    expect(source.init).toEqual({ withCredentials: true });
    expect(result.current.stream).toBe("connecting");

    act(() => {
      source.open();
      source.emit(1, "state", { status: "running", attempt: 1 });
      source.emit(2, "trial", { algorithm: "lightgbm", score: 0.8 });
      source.emit(3, "progress", { trials: 1, best_score: 0.8, elapsed_s: 2 });
    });
    expect(result.current.stream).toBe("open");
    expect(result.current.live.status).toBe("running");
    expect(result.current.live.trials).toEqual([{ trial: 1, algorithm: "lightgbm", score: 0.8, elapsedS: 2, best: 0.8 }]);
  });

  it("closes the stream after the final state so the browser does not reconnect", () => {
    const { result } = renderHook(() => useJobEvents("/events"));
    const source = latest();
    act(() => {
      source.open();
      source.emit(7, "state", { status: "succeeded", model_version_id: "mv_1", model_id: "mdl_1" });
    });
    expect(source.closed).toBe(true);
    expect(result.current.stream).toBe("closed");
    expect(result.current.live.modelVersionId).toBe("mv_1");
  });

  it("reports reconnecting while the browser retries, and failed when it gives up", () => {
    const { result } = renderHook(() => useJobEvents("/events"));
    const source = latest();
    act(() => source.open());
    act(() => source.error(FakeEventSource.CONNECTING));
    expect(result.current.stream).toBe("reconnecting");
    // The browser resumes with Last-Event-ID; a repeated event is not applied twice.
    act(() => {
      source.open();
      source.emit(1, "trial", { algorithm: "a", score: 1 });
      source.emit(1, "trial", { algorithm: "a", score: 1 });
    });
    expect(result.current.stream).toBe("open");
    expect(result.current.live.trials).toHaveLength(1);
    act(() => source.error(FakeEventSource.CLOSED));
    expect(result.current.stream).toBe("failed");
  });

  it("closes the stream on unmount and does nothing without a url", () => {
    const { unmount } = renderHook(() => useJobEvents("/events"));
    const source = latest();
    unmount();
    expect(source.closed).toBe(true);
    const idle = renderHook(() => useJobEvents(null));
    expect(idle.result.current.stream).toBe("idle");
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it("says so when the browser has no EventSource", () => {
    vi.stubGlobal("EventSource", undefined);
    const { result } = renderHook(() => useJobEvents("/events"));
    expect(result.current.stream).toBe("unsupported");
  });
});
