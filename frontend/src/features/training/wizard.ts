import type { TaskType, TrainingJobCreate } from "@/lib/api";

export type TaskChoice = "auto" | TaskType;

export interface TrainingOptions {
  task: TaskChoice;
  /** "auto" or a metric name valid for the task. */
  metric: string;
  timeBudgetS: number;
  excludedColumns: string[];
  /** Null: every algorithm (the engine's portfolio). */
  algorithms: string[] | null;
  modelName: string;
  seed: number;
}

export interface WizardState {
  datasetId: string | null;
  versionId: string | null;
  target: string | null;
  options: TrainingOptions;
}

export const STEPS = [
  { id: "data", label: "Dataset" },
  { id: "target", label: "Target" },
  { id: "options", label: "Options" },
  { id: "review", label: "Start" },
] as const;
export type StepId = (typeof STEPS)[number]["id"];

export const ALGORITHMS = [
  { id: "lightgbm", label: "LightGBM" },
  { id: "xgboost", label: "XGBoost" },
  { id: "random_forest", label: "Random forest" },
  { id: "extra_trees", label: "Extra trees" },
  { id: "linear", label: "Linear / logistic" },
] as const;

export const METRICS: { id: string; label: string; tasks: TaskType[] }[] = [
  { id: "roc_auc", label: "ROC AUC", tasks: ["binary", "multiclass"] },
  { id: "log_loss", label: "Log loss", tasks: ["binary", "multiclass"] },
  { id: "accuracy", label: "Accuracy", tasks: ["binary", "multiclass"] },
  { id: "balanced_accuracy", label: "Balanced accuracy", tasks: ["binary", "multiclass"] },
  { id: "f1", label: "F1", tasks: ["binary"] },
  { id: "f1_macro", label: "F1 (macro)", tasks: ["binary", "multiclass"] },
  { id: "rmse", label: "RMSE", tasks: ["regression"] },
  { id: "mae", label: "MAE", tasks: ["regression"] },
  { id: "r2", label: "R²", tasks: ["regression"] },
];

export const BUDGET_PRESETS = [
  { seconds: 30, label: "30 s", description: "A quick first look" },
  { seconds: 60, label: "1 min", description: "Good for most small tables" },
  { seconds: 300, label: "5 min", description: "A wider search" },
  { seconds: 900, label: "15 min", description: "Large or hard problems" },
] as const;

export const MAX_BUDGET_S = 21_600;
export const DEFAULT_BUDGET_S = 60;

export function defaultOptions(): TrainingOptions {
  return { task: "auto", metric: "auto", timeBudgetS: DEFAULT_BUDGET_S, excludedColumns: [], algorithms: null, modelName: "", seed: 0 };
}

export function initialState(initial: { dataset?: string | undefined; version?: string | undefined; target?: string | undefined } = {}): WizardState {
  return { datasetId: initial.dataset ?? null, versionId: initial.version ?? null, target: initial.target ?? null, options: defaultOptions() };
}

/** The first step that still needs an answer, so a link from a dataset lands on the right step. */
export function firstStep(state: WizardState): StepId {
  if (!state.datasetId || !state.versionId) return "data";
  if (!state.target) return "target";
  return "options";
}

/** Metrics that fit a task; with task "auto" (unknown until the engine looks), every metric. */
export function metricsFor(task: TaskChoice | null | undefined): typeof METRICS {
  if (!task || task === "auto") return METRICS;
  return METRICS.filter((metric) => metric.tasks.includes(task));
}

export type WizardErrors = Partial<Record<"dataset" | "target" | "metric" | "timeBudgetS" | "excludedColumns" | "algorithms" | "seed", string>>;

/** What is wrong with the answers up to and including `step`; empty when it may move on. */
export function validate(state: WizardState, step: StepId, columns: string[]): WizardErrors {
  const errors: WizardErrors = {};
  if (!state.datasetId || !state.versionId) errors.dataset = "Choose a dataset to learn from.";
  if (step === "data") return errors;
  if (!state.target) errors.target = "Choose the column to predict.";
  else if (columns.length > 0 && !columns.includes(state.target)) errors.target = `The dataset has no column “${state.target}”.`;
  if (step === "target") return errors;
  const { options } = state;
  if (!Number.isFinite(options.timeBudgetS) || options.timeBudgetS < 1) errors.timeBudgetS = "Give the search at least 1 second.";
  else if (options.timeBudgetS > MAX_BUDGET_S) errors.timeBudgetS = `At most ${MAX_BUDGET_S / 3600} hours.`;
  if (options.metric !== "auto" && !metricsFor(options.task).some((m) => m.id === options.metric)) {
    errors.metric = "This metric does not fit the task; pick another or Automatic.";
  }
  if (state.target && options.excludedColumns.includes(state.target)) errors.excludedColumns = "The target cannot be excluded.";
  else if (columns.length > 0 && columns.filter((c) => c !== state.target && !options.excludedColumns.includes(c)).length === 0) {
    errors.excludedColumns = "Keep at least one column to learn from.";
  }
  if (options.algorithms !== null && options.algorithms.length === 0) errors.algorithms = "Choose at least one algorithm.";
  if (!Number.isInteger(options.seed) || options.seed < 0) errors.seed = "The seed is a whole number of 0 or more.";
  return errors;
}

export function toRequest(state: WizardState): TrainingJobCreate {
  if (!state.versionId || !state.target) throw new Error("The wizard is not complete.");
  const { options } = state;
  return {
    dataset_version_id: state.versionId,
    target: state.target,
    task: options.task,
    metric: options.metric,
    time_budget_s: options.timeBudgetS,
    excluded_columns: options.excludedColumns.filter((c) => c !== state.target),
    algorithms: options.algorithms,
    model_name: options.modelName.trim() || null,
    seed: options.seed,
  };
}

/** "90 s" → "1 min 30 s" */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
