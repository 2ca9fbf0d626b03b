/**
 * The training job's live event stream (GET …/training-jobs/{id}/events) folded into
 * what the job page shows: status, trials with the best score so far, and log lines.
 */
export interface TrialPoint {
  /** 1-based, within the current attempt. */
  trial: number;
  algorithm: string;
  score: number | null;
  /** Seconds into the search when the trial finished (from the progress event after it). */
  elapsedS: number | null;
  /** The search's best score after this trial (from the progress event after it). */
  best: number | null;
}

export interface LogLine {
  id: number;
  kind: "log" | "state" | "error";
  message: string;
}

export interface JobLiveState {
  lastEventId: number;
  status: string | null;
  attempt: number;
  trials: TrialPoint[];
  trialCount: number;
  bestScore: number | null;
  elapsedS: number | null;
  logs: LogLine[];
  modelVersionId: string | null;
  modelId: string | null;
  errorMessage: string | null;
}

export interface JobEvent {
  id: number;
  type: string;
  data: unknown;
}

export const MAX_LOG_LINES = 500;

export const emptyLiveState: JobLiveState = {
  lastEventId: 0,
  status: null,
  attempt: 0,
  trials: [],
  trialCount: 0,
  bestScore: null,
  elapsedS: null,
  logs: [],
  modelVersionId: null,
  modelId: null,
  errorMessage: null,
};

type Fields = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === "string" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

const STATE_MESSAGES: Record<string, string> = {
  queued: "Queued, waiting for a worker",
  running: "Running",
  succeeded: "Finished: the best model is registered",
  failed: "Failed",
  cancelled: "Cancelled",
};

function stateMessage(data: Fields): string {
  const status = str(data.status) ?? "unknown";
  let message = STATE_MESSAGES[status] ?? status;
  const attempt = num(data.attempt);
  if (status === "running" && attempt && attempt > 1) message += ` (attempt ${attempt})`;
  const detail = str(data.message) ?? str(data.reason);
  if (detail && status !== "succeeded") message += `: ${detail}`;
  return message;
}

/** Applies one event; repeated or older ids (a replay after reconnecting) change nothing. */
export function applyJobEvent(state: JobLiveState, event: JobEvent): JobLiveState {
  if (event.id <= state.lastEventId) return state;
  const data: Fields = typeof event.data === "object" && event.data !== null ? (event.data as Fields) : {};
  const next: JobLiveState = { ...state, lastEventId: event.id };
  const log = (kind: LogLine["kind"], message: string) => {
    next.logs = [...state.logs, { id: event.id, kind, message }].slice(-MAX_LOG_LINES);
  };

  switch (event.type) {
    case "state": {
      const status = str(data.status);
      next.status = status;
      const attempt = num(data.attempt);
      if (status === "running" && attempt !== null && attempt !== state.attempt) {
        // A retried attempt searches again from the start.
        next.attempt = attempt;
        next.trials = [];
        next.trialCount = 0;
        next.bestScore = null;
        next.elapsedS = null;
      }
      if (status === "succeeded") {
        next.modelVersionId = str(data.model_version_id);
        next.modelId = str(data.model_id);
      }
      if (status === "failed") next.errorMessage = str(data.message) ?? str(data.reason);
      log(status === "failed" ? "error" : "state", stateMessage(data));
      return next;
    }
    case "trial": {
      const trial: TrialPoint = {
        trial: state.trials.length + 1,
        algorithm: str(data.algorithm) ?? "model",
        score: num(data.score),
        elapsedS: null,
        best: null,
      };
      next.trials = [...state.trials, trial];
      return next;
    }
    case "progress": {
      const trials = num(data.trials);
      next.trialCount = trials ?? state.trialCount;
      next.bestScore = num(data.best_score) ?? state.bestScore;
      next.elapsedS = num(data.elapsed_s) ?? state.elapsedS;
      if (trials !== null && trials >= 1 && trials <= state.trials.length) {
        next.trials = state.trials.map((t, index) => (index === trials - 1 ? { ...t, elapsedS: num(data.elapsed_s), best: num(data.best_score) } : t));
      }
      return next;
    }
    case "log": {
      const message = str(data.message);
      if (message) log("log", message);
      return next;
    }
    default:
      return next;
  }
}

export interface TrialChartPoint {
  trial: number;
  /** Seconds into the search; the trial number when the time is unknown. */
  x: number;
  score: number | null;
  best: number | null;
  algorithm: string;
}

/**
 * Chart rows: each trial's score at the time it finished, and the best-so-far line.
 * The best comes from the engine (it knows whether higher or lower is better); a
 * trial without its progress event carries the previous best forward.
 */
export function trialChartData(trials: TrialPoint[]): { points: TrialChartPoint[]; byTime: boolean } {
  const byTime = trials.length > 0 && trials.every((t) => t.elapsedS !== null);
  let best: number | null = null;
  const points = trials.map((t) => {
    best = t.best ?? best;
    return { trial: t.trial, x: byTime ? (t.elapsedS ?? t.trial) : t.trial, score: t.score, best, algorithm: t.algorithm };
  });
  return { points, byTime };
}

/** The job's progress (0–1) while events arrive faster than the job is re-read. */
export function liveProgress(stored: number, elapsedS: number | null, budgetS: number): number {
  if (elapsedS === null || budgetS <= 0) return stored;
  return Math.max(stored, Math.min(0.9, 0.05 + (0.85 * elapsedS) / budgetS));
}

