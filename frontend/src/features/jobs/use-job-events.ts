import { useEffect, useReducer } from "react";
import { type JobEvent, type JobLiveState, applyJobEvent, emptyLiveState } from "./job-events";

/**
 * "open": events are flowing; "reconnecting": the browser is retrying (it resumes with
 * Last-Event-ID); "failed": the stream was refused (e.g. 401/404) and will not come back;
 * "closed": the job finished and the stream was closed; "unsupported": no EventSource.
 * Callers fall back to polling the job unless the state is "open" or "closed".
 */
export type StreamStatus = "idle" | "connecting" | "open" | "reconnecting" | "failed" | "closed" | "unsupported";

const EVENT_TYPES = ["state", "progress", "trial", "log"] as const;
const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);

interface HookState {
  live: JobLiveState;
  stream: StreamStatus;
}

type Action = { type: "reset" } | { type: "stream"; stream: StreamStatus } | { type: "event"; event: JobEvent };

function reducer(state: HookState, action: Action): HookState {
  switch (action.type) {
    case "reset":
      return { live: emptyLiveState, stream: "connecting" };
    case "stream":
      return state.stream === action.stream ? state : { ...state, stream: action.stream };
    case "event": {
      const live = applyJobEvent(state.live, action.event);
      return live === state.live ? state : { ...state, live };
    }
  }
}

function parse(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return null;
  }
}

/** Follows a job's Server-Sent Events; closes the stream after the final state. */
export function useJobEvents(url: string | null): HookState {
  const [state, dispatch] = useReducer(reducer, { live: emptyLiveState, stream: "idle" });

  useEffect(() => {
    if (!url) return;
    if (typeof EventSource === "undefined") {
      dispatch({ type: "stream", stream: "unsupported" });
      return;
    }
    dispatch({ type: "reset" });
    const source = new EventSource(url, { withCredentials: true });
    source.onopen = () => dispatch({ type: "stream", stream: "open" });
    source.onerror = () => dispatch({ type: "stream", stream: source.readyState === EventSource.CLOSED ? "failed" : "reconnecting" });
    const onEvent = (message: MessageEvent<string>) => {
      const id = Number(message.lastEventId);
      const data = parse(message.data);
      dispatch({ type: "event", event: { id: Number.isFinite(id) ? id : 0, type: message.type, data } });
      const status = typeof data === "object" && data !== null && "status" in data ? data.status : null;
      if (message.type === "state" && typeof status === "string" && TERMINAL.has(status)) {
        // The server ends the stream after the final state; without this the browser would reconnect forever.
        source.close();
        dispatch({ type: "stream", stream: "closed" });
      }
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent);
    return () => {
      for (const type of EVENT_TYPES) source.removeEventListener(type, onEvent);
      source.close();
    };
  }, [url]);

  return state;
}
