import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TrainingJob } from "@/lib/api";
import { stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { type JobLiveState, applyJobEvent, emptyLiveState } from "./job-events";
import { JobView } from "./job-view";

const job: TrainingJob = {
  id: "job_1",
  status: "running",
  dataset_version_id: "dv_1",
  target: "survived",
  task: "auto",
  metric: "auto",
  time_budget_s: 20,
  excluded_columns: [],
  algorithms: null,
  seed: 0,
  progress: 0.05,
  progress_message: "Loading the dataset",
  trials: 0,
  best_score: null,
  attempt: 1,
  max_attempts: 3,
  error_code: null,
  error_message: null,
  model_version_id: null,
  created_at: "2026-03-01T00:00:00Z",
  started_at: "2026-03-01T00:00:01Z",
  finished_at: null,
  cancel_requested: false,
};

function live(events: [string, unknown][]): JobLiveState {
  return events.reduce((state, [type, data], index) => applyJobEvent(state, { id: index + 1, type, data }), emptyLiveState);
}

const running = live([
  ["state", { status: "running", attempt: 1 }],
  ["log", { message: "Training on 712 rows, holding out 179." }],
  ["trial", { algorithm: "lightgbm", score: 0.8 }],
  ["progress", { trials: 1, best_score: 0.8, elapsed_s: 10 }],
  ["trial", { algorithm: "linear", score: 0.75 }],
  ["progress", { trials: 2, best_score: 0.8, elapsed_s: 12 }],
]);

describe("JobView", () => {
  it("shows live progress, the best score and the log of a running job", async () => {
    stubApi({});
    renderWithApp(<JobView workspaceId="ws_1" job={job} live={running} stream="open" canCancel />);
    const bar = await screen.findByRole("progressbar", { name: "Training progress" });
    // 0.05 + 0.85 × 12 / 20, as the worker computes it.
    expect(bar).toHaveAttribute("aria-valuenow", "56");
    expect(screen.getByTestId("job-progress-message")).toHaveTextContent("2 models tried");
    expect(screen.getByTestId("stream-status")).toHaveTextContent("Live");
    expect(screen.getByText("0.8")).toBeInTheDocument();
    expect(within(screen.getByRole("log", { name: "Training log" })).getByText("Training on 712 rows, holding out 179.")).toBeInTheDocument();
    expect(screen.getByRole("img", { name: /2 trials; best so far 0.8/ })).toBeInTheDocument();
  });

  it("cancels after confirmation", async () => {
    const { requests } = stubApi({ "POST /api/v1/workspaces/ws_1/training-jobs/job_1/cancel": { status: 200, body: { ...job, cancel_requested: true } } });
    const view = renderWithApp(<JobView workspaceId="ws_1" job={job} live={running} stream="open" canCancel />);
    await view.user.click(await screen.findByRole("button", { name: "Cancel training" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Cancel this training job?" });
    await view.user.click(within(dialog).getByRole("button", { name: "Cancel training" }));
    expect(await screen.findByText("Cancelling the training job")).toBeInTheDocument();
    expect(requests.filter((r) => r.method === "POST").map((r) => r.path)).toEqual(["/api/v1/workspaces/ws_1/training-jobs/job_1/cancel"]);
  });

  it("links the registered model version once the job succeeded", async () => {
    stubApi({});
    const done = applyJobEvent(running, { id: 99, type: "state", data: { status: "succeeded", model_version_id: "mv_1", model_id: "mdl_1" } });
    renderWithApp(
      <JobView workspaceId="ws_1" job={{ ...job, status: "succeeded", progress: 1, trials: 2, best_score: 0.8, model_version_id: "mv_1" }} live={done} stream="closed" canCancel />,
    );
    expect(await screen.findByText("The best model is ready")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open the model version" })).toHaveAttribute("href", "/w/ws_1/models/mdl_1/versions/mv_1");
    expect(screen.queryByRole("button", { name: "Cancel training" })).not.toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Training progress" })).toHaveAttribute("aria-valuenow", "100");
  });

  it("explains a failure and falls back to polling when the stream is refused", async () => {
    stubApi({});
    renderWithApp(
      <JobView workspaceId="ws_1" job={{ ...job, status: "failed", error_code: "training_failed", error_message: "The target has a single class." }} live={emptyLiveState} stream="failed" canCancel={false} />,
    );
    expect(await screen.findByText("Training failed (training_failed)")).toBeInTheDocument();
    expect(screen.getByText("The target has a single class.")).toBeInTheDocument();
    expect(screen.getByTestId("stream-status")).toHaveTextContent(/updating every few seconds/);
  });
});
