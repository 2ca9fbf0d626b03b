import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { TrainingWizard } from "./training-wizard";

const version = {
  id: "dv_1",
  dataset_id: "ds_1",
  number: 1,
  original_filename: "titanic.csv",
  original_sha256: "abc",
  original_size: 1000,
  format: "csv",
  rows: 891,
  column_count: 4,
  column_names: ["passenger_id", "age", "fare", "survived"],
  ingest_details: {},
  profile_status: "ready",
  profile_progress: 1,
  profile_error: null,
  created_at: "2026-03-01T00:00:00Z",
};
const dataset = { id: "ds_1", name: "Titanic", description: "", tags: [], created_at: version.created_at, updated_at: version.created_at, latest_version: version };
const column = (name: string, semantic_type: string) => ({
  name,
  dtype: "Int64",
  semantic_type,
  count: 891,
  missing: 0,
  missing_pct: 0,
  distinct: 2,
  distinct_is_approximate: false,
  histogram: null,
  numeric: null,
  top_values: null,
  min_value: null,
  max_value: null,
  mean_length: null,
});
const profile = {
  rows: 891,
  column_count: 4,
  duplicate_rows: 0,
  sampled: false,
  sample_rows: 891,
  columns: [column("passenger_id", "identifier"), column("age", "numeric"), column("fare", "numeric"), column("survived", "boolean")],
  target_suggestions: [{ column: "survived", task: "binary", score: 0.92, reason: "Two values, like a yes/no outcome." }],
  warnings: [{ kind: "identifier_like", column: "passenger_id", message: "Every value is different." }],
};
const job = {
  id: "job_1",
  status: "queued",
  dataset_version_id: "dv_1",
  target: "survived",
  task: "auto",
  metric: "auto",
  time_budget_s: 20,
  excluded_columns: ["passenger_id"],
  algorithms: null,
  seed: 0,
  progress: 0,
  progress_message: "",
  trials: 0,
  best_score: null,
  attempt: 0,
  max_attempts: 3,
  error_code: null,
  error_message: null,
  model_version_id: null,
  created_at: version.created_at,
  started_at: null,
  finished_at: null,
  cancel_requested: false,
};

function api(create: { status: number; body: unknown } = { status: 201, body: job }) {
  return stubApi({
    "GET /api/v1/workspaces/ws_1/datasets": { status: 200, body: { items: [dataset], next_cursor: null } },
    "GET /api/v1/workspaces/ws_1/datasets/ds_1/versions": { status: 200, body: { items: [version], next_cursor: null } },
    "GET /api/v1/workspaces/ws_1/dataset-versions/dv_1/profile": { status: 200, body: { status: "ready", profile } },
    "POST /api/v1/workspaces/ws_1/training-jobs": create,
  });
}

describe("TrainingWizard", () => {
  it("walks from dataset to a started job with suggested target and defaults", async () => {
    const { requests } = api();
    const view = renderWithApp(<TrainingWizard workspaceId="ws_1" />, { path: "/w/ws_1/train" });

    expect(await screen.findByRole("heading", { name: "Which data should the model learn from?" })).toBeInTheDocument();
    await view.user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("Choose a dataset to learn from.")).toBeInTheDocument();
    await view.user.click(screen.getByRole("radio", { name: /Titanic/ }));
    await view.user.click(screen.getByRole("button", { name: "Next" }));

    expect(await screen.findByRole("heading", { name: "What should the model predict?" })).toBeInTheDocument();
    const targets = await screen.findAllByRole("radio");
    expect(targets[0]).toHaveAccessibleName(/survived.*Suggested/);
    expect(targets.map((radio) => radio.closest("label")?.querySelector("code")?.textContent)).toEqual(["survived", "passenger_id", "age", "fare"]);
    await view.user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("Choose the column to predict.")).toBeInTheDocument();
    await view.user.click(targets[0] as HTMLElement);
    await view.user.click(screen.getByRole("button", { name: "Next" }));

    expect(await screen.findByRole("heading", { name: "How should Modelyard search?" })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: /1 min/ })).toBeChecked();
    expect(screen.getByLabelText("Task")).toHaveValue("auto");
    expect(screen.getByLabelText("Task")).toHaveAccessibleDescription("Detected: Binary classification.");
    expect(screen.getByLabelText("Metric")).toHaveValue("auto");
    // Binary task detected: regression metrics are not offered.
    expect(within(screen.getByLabelText("Metric")).queryByRole("option", { name: "RMSE" })).not.toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: /passenger_id/ })).not.toBeChecked();
    await view.user.click(screen.getByRole("button", { name: "Leave out the 1 flagged column" }));
    expect(screen.getByRole("checkbox", { name: /passenger_id/ })).toBeChecked();

    const budget = screen.getByLabelText("Time budget (seconds)");
    await view.user.clear(budget);
    await view.user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("Give the search at least 1 second.")).toBeInTheDocument();
    await view.user.type(budget, "20");
    await view.user.click(screen.getByRole("button", { name: "Next" }));

    expect(await screen.findByLabelText("Training summary")).toHaveTextContent("Time budget20 s");
    expect(screen.getByLabelText("Training summary")).toHaveTextContent("Left outpassenger_id");
    await view.user.click(screen.getByRole("button", { name: "Start training" }));

    await waitFor(() => expect(view.router.state.location.pathname).toBe("/w/ws_1/jobs/job_1"));
    const post = requests.find((r) => r.method === "POST");
    expect(post?.body).toEqual({
      dataset_version_id: "dv_1",
      target: "survived",
      task: "auto",
      metric: "auto",
      time_budget_s: 20,
      excluded_columns: ["passenger_id"],
      algorithms: null,
      model_name: null,
      seed: 0,
    });
  });

  it("starts at the options when the dataset page picked the target, and shows a refusal with its hint", async () => {
    api({ status: 422, body: problem(422, "target_not_in_dataset", "The column “survived” is not in v1.", { hint: "Pick one of the dataset version's columns." }) });
    const view = renderWithApp(<TrainingWizard workspaceId="ws_1" initial={{ dataset: "ds_1", version: "dv_1", target: "survived" }} />);
    expect(await screen.findByRole("heading", { name: "How should Modelyard search?" })).toBeInTheDocument();
    await view.user.click(screen.getByRole("button", { name: "Next" }));
    await view.user.click(await screen.findByRole("button", { name: "Start training" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The column “survived” is not in v1.");
    expect(alert).toHaveTextContent("Pick one of the dataset version's columns.");
  });

  it("uses the latest version when a link names only the dataset", async () => {
    api();
    const view = renderWithApp(<TrainingWizard workspaceId="ws_1" initial={{ dataset: "ds_1" }} />);
    expect(await screen.findByRole("radio", { name: /Titanic/ })).toBeChecked();
    await view.user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByRole("heading", { name: "What should the model predict?" })).toBeInTheDocument();
  });

  it("points to the datasets when there are none", async () => {
    stubApi({ "GET /api/v1/workspaces/ws_1/datasets": { status: 200, body: { items: [], next_cursor: null } } });
    renderWithApp(<TrainingWizard workspaceId="ws_1" />);
    expect(await screen.findByRole("heading", { name: "No datasets to train on" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Import a sample dataset" })).toHaveAttribute("href", "/w/ws_1/datasets");
  });
});
