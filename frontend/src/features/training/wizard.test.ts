import { describe, expect, it } from "vitest";
import { DEFAULT_BUDGET_S, type WizardState, defaultOptions, firstStep, formatDuration, initialState, metricsFor, toRequest, validate } from "./wizard";

const columns = ["id", "age", "fare", "survived"];
const complete = (patch: Partial<WizardState["options"]> = {}): WizardState => ({
  datasetId: "ds_1",
  versionId: "dv_1",
  target: "survived",
  options: { ...defaultOptions(), ...patch },
});

describe("training wizard defaults", () => {
  it("lets the engine choose task and metric, with a one-minute budget and every algorithm", () => {
    expect(defaultOptions()).toEqual({ task: "auto", metric: "auto", timeBudgetS: 60, excludedColumns: [], algorithms: null, modelName: "", seed: 0 });
    expect(DEFAULT_BUDGET_S).toBe(60);
  });

  it("starts at the first step that still needs an answer", () => {
    expect(firstStep(initialState())).toBe("data");
    expect(firstStep(initialState({ dataset: "ds_1" }))).toBe("data");
    expect(firstStep(initialState({ dataset: "ds_1", version: "dv_1" }))).toBe("target");
    expect(firstStep(initialState({ dataset: "ds_1", version: "dv_1", target: "survived" }))).toBe("options");
  });

  it("offers the metrics of the task, all of them when the task is automatic", () => {
    expect(metricsFor("regression").map((m) => m.id)).toEqual(["rmse", "mae", "r2"]);
    expect(metricsFor("binary").map((m) => m.id)).toContain("f1");
    expect(metricsFor("multiclass").map((m) => m.id)).not.toContain("f1");
    expect(metricsFor("auto")).toHaveLength(9);
  });
});

describe("training wizard validation", () => {
  it("asks for a dataset, then a target that exists", () => {
    expect(validate(initialState(), "data", [])).toEqual({ dataset: "Choose a dataset to learn from." });
    expect(validate({ ...complete(), target: null }, "target", columns)).toEqual({ target: "Choose the column to predict." });
    expect(validate({ ...complete(), target: "nope" }, "target", columns).target).toMatch(/no column “nope”/);
    expect(validate(complete(), "target", columns)).toEqual({});
  });

  it("checks the options only from the options step on", () => {
    const bad = complete({ timeBudgetS: 0, metric: "rmse", task: "binary", excludedColumns: ["survived"], algorithms: [], seed: -1 });
    expect(validate(bad, "target", columns)).toEqual({});
    expect(validate(bad, "options", columns)).toEqual({
      timeBudgetS: "Give the search at least 1 second.",
      metric: "This metric does not fit the task; pick another or Automatic.",
      excludedColumns: "The target cannot be excluded.",
      algorithms: "Choose at least one algorithm.",
      seed: "The seed is a whole number of 0 or more.",
    });
  });

  it("refuses an empty or too long budget and leaving out every input", () => {
    expect(validate(complete({ timeBudgetS: Number.NaN }), "options", columns).timeBudgetS).toBeDefined();
    expect(validate(complete({ timeBudgetS: 21_601 }), "options", columns).timeBudgetS).toBe("At most 6 hours.");
    expect(validate(complete({ excludedColumns: ["id", "age", "fare"] }), "options", columns).excludedColumns).toBe("Keep at least one column to learn from.");
    expect(validate(complete({ timeBudgetS: 10, metric: "rmse", task: "regression" }), "review", columns)).toEqual({});
  });
});

describe("toRequest", () => {
  it("builds the training job body", () => {
    expect(toRequest(complete({ timeBudgetS: 15, excludedColumns: ["id"], modelName: "  Titanic  " }))).toEqual({
      dataset_version_id: "dv_1",
      target: "survived",
      task: "auto",
      metric: "auto",
      time_budget_s: 15,
      excluded_columns: ["id"],
      algorithms: null,
      model_name: "Titanic",
      seed: 0,
    });
    expect(toRequest(complete()).model_name).toBeNull();
    expect(() => toRequest({ ...complete(), target: null })).toThrow();
  });
});

describe("formatDuration", () => {
  it("reads naturally", () => {
    expect(formatDuration(15)).toBe("15 s");
    expect(formatDuration(60)).toBe("1 min");
    expect(formatDuration(90)).toBe("1 min 30 s");
    expect(formatDuration(3600)).toBe("1 h");
    expect(formatDuration(5400)).toBe("1 h 30 min");
  });
});
