import { describe, expect, it } from "vitest";
import { type JobEvent, type JobLiveState, applyJobEvent, emptyLiveState, liveProgress, trialChartData } from "./job-events";

function fold(events: Omit<JobEvent, "id">[]): JobLiveState {
  return events.reduce((state, event, index) => applyJobEvent(state, { ...event, id: index + 1 }), emptyLiveState);
}

describe("applyJobEvent", () => {
  it("follows a search from queued to succeeded", () => {
    const state = fold([
      { type: "state", data: { status: "queued" } },
      { type: "state", data: { status: "running", attempt: 1 } },
      { type: "log", data: { message: "Training on 712 rows, holding out 179." } },
      { type: "trial", data: { algorithm: "lightgbm", score: 0.81 } },
      { type: "progress", data: { trials: 1, best_score: 0.81, elapsed_s: 1.5 } },
      { type: "trial", data: { algorithm: "linear", score: 0.77 } },
      { type: "progress", data: { trials: 2, best_score: 0.81, elapsed_s: 2.25 } },
      { type: "state", data: { status: "succeeded", model_version_id: "mv_1", model_id: "mdl_1" } },
    ]);
    expect(state.status).toBe("succeeded");
    expect(state.trials).toEqual([
      { trial: 1, algorithm: "lightgbm", score: 0.81, elapsedS: 1.5, best: 0.81 },
      { trial: 2, algorithm: "linear", score: 0.77, elapsedS: 2.25, best: 0.81 },
    ]);
    expect(state).toMatchObject({ trialCount: 2, bestScore: 0.81, elapsedS: 2.25, modelVersionId: "mv_1", modelId: "mdl_1", lastEventId: 8 });
    expect(state.logs.map((line) => line.message)).toEqual([
      "Queued, waiting for a worker",
      "Running",
      "Training on 712 rows, holding out 179.",
      "Finished: the best model is registered",
    ]);
  });

  it("ignores events it has already seen (a replay after reconnecting)", () => {
    const once = applyJobEvent(emptyLiveState, { id: 5, type: "trial", data: { algorithm: "xgboost", score: 0.5 } });
    expect(applyJobEvent(once, { id: 5, type: "trial", data: { algorithm: "xgboost", score: 0.5 } })).toBe(once);
    expect(applyJobEvent(once, { id: 4, type: "log", data: { message: "old" } })).toBe(once);
    expect(once.trials).toHaveLength(1);
  });

  it("starts the trials again when a retried attempt runs, and keeps failure messages", () => {
    const state = fold([
      { type: "state", data: { status: "running", attempt: 1 } },
      { type: "trial", data: { algorithm: "lightgbm", score: 0.9 } },
      { type: "state", data: { status: "queued", reason: "lease expired" } },
      { type: "state", data: { status: "running", attempt: 2 } },
      { type: "state", data: { status: "failed", code: "training_failed", message: "The target has one class." } },
    ]);
    expect(state.trials).toEqual([]);
    expect(state.attempt).toBe(2);
    expect(state.errorMessage).toBe("The target has one class.");
    expect(state.logs.map((line) => [line.kind, line.message])).toEqual([
      ["state", "Running"],
      ["state", "Queued, waiting for a worker: lease expired"],
      ["state", "Running (attempt 2)"],
      ["error", "Failed: The target has one class."],
    ]);
  });

  it("tolerates unknown events and odd payloads", () => {
    const state = fold([
      { type: "heartbeat", data: null },
      { type: "trial", data: { score: "NaN" } },
      { type: "log", data: {} },
    ]);
    expect(state.trials).toEqual([{ trial: 1, algorithm: "model", score: null, elapsedS: null, best: null }]);
    expect(state.logs).toEqual([]);
    expect(state.lastEventId).toBe(3);
  });
});

describe("trialChartData", () => {
  it("plots trials over time with the engine's best so far", () => {
    const { points, byTime } = trialChartData([
      { trial: 1, algorithm: "a", score: 0.4, elapsedS: 1, best: 0.4 },
      { trial: 2, algorithm: "b", score: 0.3, elapsedS: 2, best: 0.3 },
      { trial: 3, algorithm: "c", score: 0.5, elapsedS: 4, best: 0.3 },
    ]);
    expect(byTime).toBe(true);
    expect(points.map((p) => [p.x, p.score, p.best])).toEqual([
      [1, 0.4, 0.4],
      [2, 0.3, 0.3],
      [4, 0.5, 0.3],
    ]);
  });

  it("falls back to trial numbers and carries the best forward when progress is missing", () => {
    const { points, byTime } = trialChartData([
      { trial: 1, algorithm: "a", score: 0.7, elapsedS: 1, best: 0.7 },
      { trial: 2, algorithm: "b", score: 0.6, elapsedS: null, best: null },
    ]);
    expect(byTime).toBe(false);
    expect(points.map((p) => [p.x, p.best])).toEqual([
      [1, 0.7],
      [2, 0.7],
    ]);
    expect(trialChartData([])).toEqual({ points: [], byTime: false });
  });
});

describe("liveProgress", () => {
  it("estimates from elapsed time like the worker, never going backwards", () => {
    expect(liveProgress(0.02, null, 60)).toBe(0.02);
    expect(liveProgress(0.02, 30, 60)).toBeCloseTo(0.475);
    expect(liveProgress(0.02, 120, 60)).toBe(0.9);
    expect(liveProgress(0.95, 30, 60)).toBe(0.95);
  });
});

