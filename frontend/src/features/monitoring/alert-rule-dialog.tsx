import { BellPlus } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type * as React from "react";
import { ChoiceSelect } from "@/components/choice-select";
import { FormField } from "@/components/form-field";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import {
  Select,
  SelectContent,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import { metricLabel } from "@/features/models/metrics";
import { toProblem } from "@/lib/api";
import type {
  AlertComparison,
  AlertSignal,
  DriftRules,
} from "@/lib/api/monitoring";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import {
  apiThreshold,
  defaultRuleValues,
  describeCondition,
  RULE_WINDOWS,
  type RuleFormErrors,
  type RuleFormValues,
  SIGNALS,
  signalDescription,
  signalInfo,
  toCreateBody,
  validateRule,
} from "./alert-rules";
import { latestDriftQueryOptions, useCreateAlertRule } from "./queries";

interface AlertRuleDialogProps {
  workspaceId: string;
  deploymentId: string;
  /** Metrics a performance rule may watch for this model's task. */
  metrics: readonly string[];
}

/** "New alert rule": what to watch, when it fires, over which window. */
export function AlertRuleDialog({
  workspaceId,
  deploymentId,
  metrics,
}: AlertRuleDialogProps) {
  const [open, setOpen] = useState(false);
  // The drift thresholds come with the reports; read before the dialog opens, so its defaults use them.
  const latestDrift = useQuery({
    ...latestDriftQueryOptions(workspaceId, deploymentId),
    refetchInterval: false,
    staleTime: 60_000,
  });
  const driftRules = latestDrift.data?.rules;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm">
          <BellPlus aria-hidden="true" />
          New alert rule
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto">
        {open && (
          <AlertRuleForm
            workspaceId={workspaceId}
            deploymentId={deploymentId}
            metrics={metrics}
            driftRules={driftRules}
            onDone={() => setOpen(false)}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}

type ServerField = "name" | "metric" | "threshold" | "window_minutes";

function AlertRuleForm({
  workspaceId,
  deploymentId,
  metrics,
  driftRules,
  onDone,
}: AlertRuleDialogProps & {
  driftRules: DriftRules | undefined;
  onDone: () => void;
}) {
  const create = useCreateAlertRule(workspaceId, deploymentId);
  const [values, setValues] = useState<RuleFormValues>(() =>
    defaultRuleValues("drift_psi", "", driftRules),
  );
  const [errors, setErrors] = useState<RuleFormErrors & { window?: string }>(
    {},
  );
  const [formError, setFormError] = useState<unknown>(null);
  const info = signalInfo(values.signal);

  const update = (patch: Partial<RuleFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    // Editing a field clears its error (the window's error is keyed "window").
    const edited = new Set(
      Object.keys(patch).map((key) =>
        key === "windowMinutes" ? "window" : key,
      ),
    );
    setErrors((current) =>
      Object.fromEntries(
        Object.entries(current).filter(([key]) => !edited.has(key)),
      ),
    );
  };

  const changeSignal = (signal: AlertSignal) => {
    const metric = signal === "performance" ? (metrics[0] ?? "") : "";
    setValues((current) => ({
      ...defaultRuleValues(signal, metric, driftRules),
      name: current.name,
      enabled: current.enabled,
    }));
    setErrors({});
  };

  const submit = async (event: React.SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const found = validateRule(values, metrics);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      const rule = await create.mutateAsync(toCreateBody(values));
      notifySuccess(
        `Alert rule “${rule.name}” created`,
        rule.enabled
          ? "It is evaluated every minute."
          : "It is disabled until you enable it.",
      );
      onDone();
    } catch (error) {
      const problem = toProblem(error);
      const fields = problem.fieldErrors() as Partial<
        Record<ServerField, string>
      >;
      const mapped = {
        name: fields.name,
        metric: fields.metric,
        threshold: fields.threshold,
        window: fields.window_minutes,
      };
      const anyMapped = Object.values(mapped).some(Boolean);
      setErrors(
        Object.fromEntries(
          Object.entries(mapped).filter(([, message]) => message),
        ),
      );
      // A refused rule without field errors (e.g. invalid_alert_rule for the model's task) shows in place.
      if (!anyMapped || problem.code === "invalid_alert_rule")
        setFormError(problem);
      notifyProblem(problem, "Could not create the alert rule");
    }
  };

  const preview = describeCondition({
    signal: values.signal,
    metric: values.metric || null,
    comparison: values.comparison,
    threshold:
      values.threshold.trim() === ""
        ? Number.NaN
        : apiThreshold(values.signal, values.threshold),
    window_minutes: Number(values.windowMinutes),
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>New alert rule</DialogTitle>
        <DialogDescription>
          The rule fires when its value crosses the threshold, and resolves when
          it is back. Alerts are listed below the rules.
        </DialogDescription>
      </DialogHeader>
      <form
        onSubmit={(event) => void submit(event)}
        noValidate
        className="grid gap-4"
        aria-label="New alert rule"
      >
        <ProblemAlert error={formError} />
        <FormField
          label="Watch"
          description={signalDescription(values.signal, driftRules)}
        >
          {(field) => (
            <Select
              value={values.signal}
              onValueChange={(value) => changeSignal(value as AlertSignal)}
            >
              <SelectTrigger {...field} className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                {SIGNALS.map((signal) => (
                  <SelectItem key={signal.value} value={signal.value}>
                    {signal.label}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
        {values.signal === "performance" && (
          <FormField
            label="Metric"
            error={errors.metric}
            description="Measured on predictions that received their actual outcome."
          >
            {(field) => (
              <Select
                value={values.metric}
                onValueChange={(metric) =>
                  update({
                    metric,
                    comparison: defaultRuleValues("performance", metric)
                      .comparison,
                  })
                }
              >
                <SelectTrigger {...field} className="w-full">
                  <SelectValue placeholder="Choose a metric" />
                </SelectTrigger>
                <SelectContent>
                  {metrics.map((metric) => (
                    <SelectItem key={metric} value={metric}>
                      {metricLabel(metric)}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField label="Fires when the value is">
            {(field) => (
              <Select
                value={values.comparison}
                onValueChange={(comparison) =>
                  update({ comparison: comparison as AlertComparison })
                }
              >
                <SelectTrigger {...field} className="w-full">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="above">Above the threshold</SelectItem>
                  <SelectItem value="below">Below the threshold</SelectItem>
                </SelectContent>
              </Select>
            )}
          </FormField>
          <FormField
            label={info.unit ? `Threshold (${info.unit})` : "Threshold"}
            error={errors.threshold}
          >
            {(field) => (
              <Input
                {...field}
                inputMode="decimal"
                autoComplete="off"
                value={values.threshold}
                onChange={(event) => update({ threshold: event.target.value })}
              />
            )}
          </FormField>
        </div>
        {info.windowed && (
          <FormField
            label="Over the last"
            error={errors.window}
            description={
              values.signal === "performance"
                ? "Predictions made in this window, with their actuals."
                : undefined
            }
          >
            {(field) => (
              <ChoiceSelect
                {...field}
                value={values.windowMinutes}
                onValueChange={(windowMinutes) => update({ windowMinutes })}
                choices={RULE_WINDOWS}
              />
            )}
          </FormField>
        )}
        <FormField
          label="Name (optional)"
          error={errors.name}
          description="Shown in alerts. Left blank, the condition is used."
        >
          {(field) => (
            <Input
              {...field}
              autoComplete="off"
              maxLength={200}
              placeholder={preview}
              value={values.name}
              onChange={(event) => update({ name: event.target.value })}
            />
          )}
        </FormField>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            className="size-4 accent-primary"
            checked={values.enabled}
            onChange={(event) => update({ enabled: event.target.checked })}
          />
          Enabled: evaluate it from now on
        </label>
        <p className="text-sm text-muted-foreground" aria-live="polite">
          Fires when: <span className="text-foreground">{preview}</span>
        </p>
        <DialogFooter>
          <Button type="submit" pending={create.isPending}>
            {create.isPending ? "Creating rule…" : "Create rule"}
          </Button>
        </DialogFooter>
      </form>
    </>
  );
}
