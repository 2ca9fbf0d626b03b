import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "@tanstack/react-router";
import { Check, Database, Rocket } from "lucide-react";
import { useId, useMemo, useState } from "react";
import type * as React from "react";
import { EmptyState } from "@/components/empty-state";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ProfileStatus } from "@/features/datasets/datasets-list";
import { TASK_LABELS, WARNING_LABELS, flaggedColumns, orderTargets } from "@/features/datasets/profile";
import { datasetProfileQueryOptions, datasetVersionsQueryOptions, datasetsQueryOptions } from "@/features/datasets/queries";
import type { Dataset, DatasetProfile, TaskType } from "@/lib/api";
import { notifySuccess } from "@/lib/notify";
import { cn } from "@/lib/utils";
import { useStartTraining } from "./queries";
import {
  ALGORITHMS,
  BUDGET_PRESETS,
  MAX_BUDGET_S,
  STEPS,
  type StepId,
  type TaskChoice,
  type TrainingOptions,
  type WizardErrors,
  type WizardState,
  firstStep,
  formatDuration,
  initialState,
  metricsFor,
  toRequest,
  validate,
} from "./wizard";

const numberFormat = new Intl.NumberFormat();
const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-3 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive dark:bg-input/30";

interface TrainingWizardProps {
  workspaceId: string;
  initial?: { dataset?: string | undefined; version?: string | undefined; target?: string | undefined };
}

/** Dataset → target → options → start; then the job page follows the search live. */
export function TrainingWizard({ workspaceId, initial }: TrainingWizardProps) {
  const navigate = useNavigate();
  const [state, setState] = useState<WizardState>(() => initialState(initial));
  const [step, setStep] = useState<StepId>(() => firstStep(initialState(initial)));
  const [showErrors, setShowErrors] = useState(false);
  const start = useStartTraining(workspaceId);

  const datasets = useQuery(datasetsQueryOptions(workspaceId));
  const versions = useQuery({ ...datasetVersionsQueryOptions(workspaceId, state.datasetId ?? ""), enabled: Boolean(state.datasetId) });
  const version = versions.data?.find((v) => v.id === state.versionId);
  const profile = useQuery({ ...datasetProfileQueryOptions(workspaceId, state.versionId ?? ""), enabled: version?.profile_status === "ready" });
  const columns = useMemo(() => profile.data?.columns.map((c) => c.name) ?? version?.column_names ?? [], [profile.data, version]);
  const dataset = datasets.data?.find((d) => d.id === state.datasetId);
  // A link that names only the dataset trains on its latest version.
  const latestVersionId = dataset?.latest_version?.id;
  if (state.datasetId && !state.versionId && latestVersionId) setState((s) => ({ ...s, versionId: latestVersionId }));
  const suggestion = profile.data?.target_suggestions.find((s) => s.column === state.target) ?? null;

  const errors = validate(state, step, columns);
  const visibleErrors = showErrors ? errors : {};
  const stepIndex = STEPS.findIndex((s) => s.id === step);

  const setOptions = (patch: Partial<TrainingOptions>) => setState((s) => ({ ...s, options: { ...s.options, ...patch } }));
  const goTo = (next: StepId) => {
    setShowErrors(false);
    setStep(next);
  };
  const next = () => {
    if (Object.keys(errors).length > 0) {
      setShowErrors(true);
      return;
    }
    const following = STEPS[stepIndex + 1];
    if (following) goTo(following.id);
  };
  const submit = async () => {
    if (Object.keys(validate(state, "review", columns)).length > 0) {
      setShowErrors(true);
      return;
    }
    try {
      const job = await start.mutateAsync(toRequest(state));
      notifySuccess("Training started", `Searching for ${formatDuration(job.time_budget_s)}.`);
      void navigate({ to: "/w/$workspaceId/jobs/$jobId", params: { workspaceId, jobId: job.id } });
    } catch {
      // Shown below the summary from the mutation's error.
    }
  };

  if (datasets.isPending) {
    return (
      <div className="grid gap-3" role="status" aria-label="Loading datasets">
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-64 w-full rounded-xl" />
      </div>
    );
  }
  if (datasets.isError) return <ProblemAlert error={datasets.error} />;
  if (datasets.data.length === 0) {
    return (
      <EmptyState icon={Database} title="No datasets to train on" description={<p>Models learn from a dataset. Import a sample dataset or upload your own table first.</p>}>
        <Link to="/w/$workspaceId/datasets" params={{ workspaceId }} className={buttonVariants()}>
          <Database aria-hidden="true" />
          Import a sample dataset
        </Link>
      </EmptyState>
    );
  }

  return (
    <div className="grid gap-6">
      <nav aria-label="Training steps">
        <ol className="grid grid-cols-4 gap-2">
          {STEPS.map((s, index) => {
            const done = index < stepIndex;
            const current = index === stepIndex;
            return (
              <li key={s.id}>
                <button
                  type="button"
                  disabled={index > stepIndex}
                  onClick={() => goTo(s.id)}
                  aria-current={current ? "step" : undefined}
                  className={cn(
                    "flex w-full flex-col items-start gap-1 rounded-md border-t-4 px-1 pt-2 text-left text-xs font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 sm:text-sm",
                    current ? "border-primary text-foreground" : done ? "border-primary/50 text-muted-foreground hover:text-foreground" : "border-muted text-muted-foreground",
                  )}
                >
                  <span className="flex items-center gap-1">
                    {done && <Check className="size-3.5" aria-hidden="true" />}
                    <span className="hidden sm:inline">Step {index + 1}:</span> {s.label}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      </nav>

      <Card className="gap-4">
        <CardHeader>
          <CardTitle as="h2">{STEP_TITLES[step]}</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          {step === "data" && (
            <DataStep
              datasets={datasets.data}
              state={state}
              versions={versions.data}
              error={visibleErrors.dataset}
              onDataset={(d) => setState((s) => ({ ...s, datasetId: d.id, versionId: d.latest_version?.id ?? null, target: null, options: { ...s.options, excludedColumns: [] } }))}
              onVersion={(versionId) => setState((s) => ({ ...s, versionId, target: null, options: { ...s.options, excludedColumns: [] } }))}
            />
          )}
          {step === "target" && (
            <TargetStep
              columns={columns}
              profile={profile.data}
              loading={versions.isPending || (version?.profile_status === "ready" && profile.isPending)}
              profiling={version ? version.profile_status !== "ready" : false}
              target={state.target}
              error={visibleErrors.target}
              onTarget={(target) => setState((s) => ({ ...s, target, options: { ...s.options, excludedColumns: s.options.excludedColumns.filter((c) => c !== target) } }))}
            />
          )}
          {step === "options" && (
            <OptionsStep columns={columns} profile={profile.data} state={state} errors={visibleErrors} detectedTask={suggestion?.task ?? null} onChange={setOptions} datasetName={dataset?.name ?? ""} />
          )}
          {step === "review" && <ReviewStep state={state} datasetName={dataset?.name ?? ""} versionNumber={version?.number ?? null} detectedTask={suggestion?.task ?? null} />}
          {step === "review" && start.isError && <ProblemAlert error={start.error} />}
        </CardContent>
        <CardFooter className="justify-between gap-2 border-t pt-4">
          <Button variant="outline" onClick={() => goTo(STEPS[Math.max(0, stepIndex - 1)]?.id ?? "data")} disabled={stepIndex === 0 || start.isPending}>
            Back
          </Button>
          {step === "review" ? (
            <Button onClick={submit} pending={start.isPending}>
              <Rocket aria-hidden="true" />
              Start training
            </Button>
          ) : (
            <Button onClick={next}>Next</Button>
          )}
        </CardFooter>
      </Card>
    </div>
  );
}

const STEP_TITLES: Record<StepId, string> = {
  data: "Which data should the model learn from?",
  target: "What should the model predict?",
  options: "How should Modelyard search?",
  review: "Ready to train",
};

function DataStep({
  datasets,
  state,
  versions,
  error,
  onDataset,
  onVersion,
}: {
  datasets: Dataset[];
  state: WizardState;
  versions: { id: string; number: number; original_filename: string }[] | undefined;
  error: string | undefined;
  onDataset: (dataset: Dataset) => void;
  onVersion: (versionId: string) => void;
}) {
  const versionSelectId = useId();
  return (
    <>
      <fieldset className="grid gap-2" aria-describedby={error ? "wizard-dataset-error" : undefined}>
        <legend className="mb-2 text-sm font-medium">Dataset</legend>
        {datasets.map((d) => (
          <label
            key={d.id}
            className={cn(
              "flex cursor-pointer items-center gap-3 rounded-lg border p-3 text-sm has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
              state.datasetId === d.id && "border-primary bg-primary/5",
              !d.latest_version && "cursor-not-allowed opacity-60",
            )}
          >
            <input type="radio" name="dataset" className="size-4 accent-[var(--primary)]" checked={state.datasetId === d.id} disabled={!d.latest_version} onChange={() => onDataset(d)} />
            <span className="min-w-0 flex-1">
              <span className="block truncate font-medium">{d.name}</span>
              {d.latest_version && (
                <span className="block text-xs text-muted-foreground">
                  {numberFormat.format(d.latest_version.rows)} rows · {d.latest_version.column_count} columns
                </span>
              )}
            </span>
            <ProfileStatus status={d.latest_version?.profile_status} progress={d.latest_version?.profile_progress ?? 0} error={d.latest_version?.profile_error ?? null} />
          </label>
        ))}
      </fieldset>
      {error && (
        <p id="wizard-dataset-error" className="text-sm text-destructive">
          {error}
        </p>
      )}
      {versions && versions.length > 1 && (
        <div className="grid max-w-sm gap-2">
          <label htmlFor={versionSelectId} className="text-sm font-medium">
            Version
          </label>
          <select id={versionSelectId} className={selectClass} value={state.versionId ?? ""} onChange={(event) => onVersion(event.target.value)}>
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                v{v.number} · {v.original_filename}
              </option>
            ))}
          </select>
        </div>
      )}
    </>
  );
}

function TargetStep({
  columns,
  profile,
  loading,
  profiling,
  target,
  error,
  onTarget,
}: {
  columns: string[];
  profile: DatasetProfile | undefined;
  loading: boolean;
  profiling: boolean;
  target: string | null;
  error: string | undefined;
  onTarget: (column: string) => void;
}) {
  const [filter, setFilter] = useState("");
  if (loading) return <Skeleton className="h-48 w-full" />;
  const ordered = orderTargets(columns, profile?.target_suggestions ?? []);
  const shown = filter ? ordered.filter((o) => o.column.toLowerCase().includes(filter.toLowerCase())) : ordered;
  const types = new Map(profile?.columns.map((c) => [c.name, c.semantic_type]) ?? []);
  return (
    <>
      {profiling && <p className="text-sm text-muted-foreground">This version is still being profiled, so there are no suggestions yet; any column can be the target.</p>}
      {ordered.length > 12 && (
        <Input type="search" placeholder="Filter columns" aria-label="Filter columns" value={filter} onChange={(event) => setFilter(event.target.value)} className="max-w-sm" />
      )}
      <fieldset className="grid gap-2" aria-describedby={error ? "wizard-target-error" : undefined}>
        <legend className="sr-only">Target column</legend>
        {shown.map(({ column, suggestion }) => (
          <label
            key={column}
            className={cn(
              "flex cursor-pointer items-start gap-3 rounded-lg border p-3 text-sm has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
              target === column && "border-primary bg-primary/5",
            )}
          >
            <input type="radio" name="target" className="mt-0.5 size-4 accent-[var(--primary)]" checked={target === column} onChange={() => onTarget(column)} />
            <span className="min-w-0 flex-1">
              <span className="flex flex-wrap items-center gap-2">
                <code className="truncate font-mono font-medium">{column}</code>
                {suggestion && <Badge>Suggested</Badge>}
                {suggestion && <Badge variant="secondary">{TASK_LABELS[suggestion.task]}</Badge>}
                {!suggestion && types.get(column) && <span className="text-xs text-muted-foreground">{types.get(column)}</span>}
              </span>
              {suggestion && <span className="mt-1 block text-xs text-muted-foreground">{suggestion.reason}</span>}
            </span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p id="wizard-target-error" className="text-sm text-destructive">
          {error}
        </p>
      )}
    </>
  );
}

function OptionsStep({
  columns,
  profile,
  state,
  errors,
  detectedTask,
  onChange,
  datasetName,
}: {
  columns: string[];
  profile: DatasetProfile | undefined;
  state: WizardState;
  errors: WizardErrors;
  detectedTask: TaskType | null;
  onChange: (patch: Partial<TrainingOptions>) => void;
  datasetName: string;
}) {
  const { options } = state;
  const flagged = flaggedColumns(profile);
  const inputs = columns.filter((c) => c !== state.target);
  const flaggedInputs = inputs.filter((c) => flagged.has(c));
  const isPreset = BUDGET_PRESETS.some((p) => p.seconds === options.timeBudgetS);
  const metricTask: TaskChoice = options.task === "auto" ? (detectedTask ?? "auto") : options.task;

  return (
    <>
      <fieldset className="grid gap-2">
        <legend className="mb-2 text-sm font-medium">Time budget</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
          {BUDGET_PRESETS.map((preset) => (
            <label
              key={preset.seconds}
              className={cn(
                "flex cursor-pointer flex-col rounded-lg border p-3 text-sm has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                options.timeBudgetS === preset.seconds && "border-primary bg-primary/5",
              )}
            >
              <span className="flex items-center gap-2 font-medium">
                <input type="radio" name="budget" className="size-4 accent-[var(--primary)]" checked={options.timeBudgetS === preset.seconds} onChange={() => onChange({ timeBudgetS: preset.seconds })} />
                {preset.label}
              </span>
              <span className="mt-1 text-xs text-muted-foreground">{preset.description}</span>
            </label>
          ))}
        </div>
        <FormField label="Time budget (seconds)" error={errors.timeBudgetS} description={isPreset ? "Or type any number of seconds." : `Custom: ${formatDuration(options.timeBudgetS || 0)}.`} className="max-w-xs">
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_BUDGET_S}
              value={Number.isFinite(options.timeBudgetS) ? options.timeBudgetS : ""}
              onChange={(event) => onChange({ timeBudgetS: event.target.value === "" ? Number.NaN : Number(event.target.value) })}
            />
          )}
        </FormField>
      </fieldset>

      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Task" description={detectedTask ? `Detected: ${TASK_LABELS[detectedTask]}.` : "Automatic looks at the target's values."}>
          {(control) => (
            <select
              {...control}
              className={selectClass}
              value={options.task}
              onChange={(event) => {
                const task = event.target.value as TaskChoice;
                const keep = options.metric === "auto" || metricsFor(task === "auto" ? detectedTask : task).some((m) => m.id === options.metric);
                onChange({ task, metric: keep ? options.metric : "auto" });
              }}
            >
              <option value="auto">Automatic</option>
              {(Object.keys(TASK_LABELS) as TaskType[]).map((task) => (
                <option key={task} value={task}>
                  {TASK_LABELS[task]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label="Metric" error={errors.metric} description="Automatic: ROC AUC or log loss for classes, RMSE for numbers.">
          {(control) => (
            <select {...control} className={selectClass} value={options.metric} onChange={(event) => onChange({ metric: event.target.value })}>
              <option value="auto">Automatic</option>
              {metricsFor(metricTask).map((metric) => (
                <option key={metric.id} value={metric.id}>
                  {metric.label}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>

      <fieldset className="grid gap-2" aria-describedby={errors.excludedColumns ? "wizard-excluded-error" : undefined}>
        <legend className="mb-1 text-sm font-medium">Columns to leave out</legend>
        <p className="text-xs text-muted-foreground">Every other column is an input. Leave out IDs, free text that leaks the answer, or anything unknown at prediction time.</p>
        {flaggedInputs.length > 0 && (
          <div>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => onChange({ excludedColumns: Array.from(new Set([...options.excludedColumns, ...flaggedInputs])) })}
            >
              Leave out the {flaggedInputs.length} flagged column{flaggedInputs.length === 1 ? "" : "s"}
            </Button>
          </div>
        )}
        <div className="grid max-h-64 gap-1 overflow-y-auto rounded-lg border p-2 sm:grid-cols-2">
          {inputs.map((column) => {
            const checked = options.excludedColumns.includes(column);
            return (
              <label key={column} className="flex min-w-0 cursor-pointer items-center gap-2 rounded-sm px-2 py-1 text-sm hover:bg-accent has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50">
                <input
                  type="checkbox"
                  className="size-4 accent-[var(--primary)]"
                  checked={checked}
                  onChange={() => onChange({ excludedColumns: checked ? options.excludedColumns.filter((c) => c !== column) : [...options.excludedColumns, column] })}
                />
                <code className="truncate font-mono">{column}</code>
                {flagged.get(column)?.map((kind) => (
                  <Badge key={kind} variant="outline" className="ml-auto">
                    {WARNING_LABELS[kind]}
                  </Badge>
                ))}
              </label>
            );
          })}
        </div>
        {errors.excludedColumns && (
          <p id="wizard-excluded-error" className="text-sm text-destructive">
            {errors.excludedColumns}
          </p>
        )}
      </fieldset>

      <details className="group rounded-lg border p-3">
        <summary className="cursor-pointer rounded-sm text-sm font-medium outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">Advanced</summary>
        <div className="mt-4 grid gap-4">
          <fieldset className="grid gap-2" aria-describedby={errors.algorithms ? "wizard-algorithms-error" : undefined}>
            <legend className="mb-1 text-sm font-medium">Algorithms</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" className="size-4 accent-[var(--primary)]" checked={options.algorithms === null} onChange={(event) => onChange({ algorithms: event.target.checked ? null : ALGORITHMS.map((a) => a.id) })} />
              All algorithms (recommended)
            </label>
            {options.algorithms !== null && (
              <div className="grid gap-1 pl-6 sm:grid-cols-2">
                {ALGORITHMS.map((algorithm) => {
                  const selected = options.algorithms ?? [];
                  const checked = selected.includes(algorithm.id);
                  return (
                    <label key={algorithm.id} className="flex items-center gap-2 text-sm">
                      <input
                        type="checkbox"
                        className="size-4 accent-[var(--primary)]"
                        checked={checked}
                        onChange={() => onChange({ algorithms: checked ? selected.filter((a) => a !== algorithm.id) : [...selected, algorithm.id] })}
                      />
                      {algorithm.label}
                    </label>
                  );
                })}
              </div>
            )}
            {errors.algorithms && (
              <p id="wizard-algorithms-error" className="text-sm text-destructive">
                {errors.algorithms}
              </p>
            )}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField label="Model name" description="Versions of the same name are grouped as one model.">
              {(control) => <Input {...control} maxLength={200} placeholder={`${datasetName}: ${state.target ?? ""}`} value={options.modelName} onChange={(event) => onChange({ modelName: event.target.value })} />}
            </FormField>
            <FormField label="Random seed" error={errors.seed} description="The same seed and data give the same search.">
              {(control) => (
                <Input {...control} type="number" min={0} step={1} value={Number.isFinite(options.seed) ? options.seed : ""} onChange={(event) => onChange({ seed: event.target.value === "" ? Number.NaN : Number(event.target.value) })} />
              )}
            </FormField>
          </div>
        </div>
      </details>
    </>
  );
}

function ReviewStep({ state, datasetName, versionNumber, detectedTask }: { state: WizardState; datasetName: string; versionNumber: number | null; detectedTask: TaskType | null }) {
  const { options } = state;
  const rows: [string, React.ReactNode][] = [
    ["Dataset", `${datasetName}${versionNumber ? ` (v${versionNumber})` : ""}`],
    ["Predict", <code key="t" className="font-mono">{state.target}</code>],
    ["Task", options.task === "auto" ? `Automatic${detectedTask ? ` (${TASK_LABELS[detectedTask].toLowerCase()})` : ""}` : TASK_LABELS[options.task]],
    ["Metric", options.metric === "auto" ? "Automatic" : (metricsFor("auto").find((m) => m.id === options.metric)?.label ?? options.metric)],
    ["Time budget", formatDuration(options.timeBudgetS)],
    ["Left out", options.excludedColumns.length ? options.excludedColumns.join(", ") : "Nothing"],
    ["Algorithms", options.algorithms === null ? "All" : options.algorithms.join(", ")],
    ["Model name", options.modelName.trim() || `${datasetName}: ${state.target ?? ""}`],
  ];
  return (
    <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]" aria-label="Training summary">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
