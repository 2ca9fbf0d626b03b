import { useQuery } from "@tanstack/react-query";
import { Tags } from "lucide-react";
import { useId, useState } from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { Skeleton } from "@/components/ui/skeleton";
import {
  formatScore,
  greaterIsBetter,
  metricLabel,
  taskLabel,
} from "@/features/models/metrics";
import { LazyPerformanceChart } from "./lazy-charts";
import { ChoicePicker, CodeSnippet, EmptyPanel, Headlines } from "./parts";
import {
  actualsSnippet,
  DEFAULT_PERFORMANCE_WINDOW,
  defaultMetric,
  PERFORMANCE_WINDOWS,
  performancePoints,
  performanceWindow,
} from "./performance";
import { performanceQueryOptions } from "./queries";
import { formatCount } from "./traffic";

/** Model quality measured on the predictions whose true outcome was sent later (actuals). */
export function PerformanceSection({
  workspaceId,
  deploymentId,
}: {
  workspaceId: string;
  deploymentId: string;
}) {
  const [windowValue, setWindowValue] = useState(DEFAULT_PERFORMANCE_WINDOW);
  const [chosenMetric, setChosenMetric] = useState<string | null>(null);
  const choice = performanceWindow(windowValue);
  const performance = useQuery(
    performanceQueryOptions(
      workspaceId,
      deploymentId,
      choice.days,
      choice.bucket,
    ),
  );
  const headingId = useId();
  const data = performance.data;
  const metrics = data ? Object.keys(data.metrics) : [];
  const metric =
    chosenMetric && metrics.includes(chosenMetric)
      ? chosenMetric
      : data
        ? defaultMetric(data)
        : "";

  return (
    <section
      className="grid grid-cols-[minmax(0,1fr)] gap-4"
      aria-labelledby={headingId}
    >
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid max-w-prose gap-1">
          <h3 id={headingId} className="font-semibold">
            Performance from late labels
          </h3>
          <p className="text-xs text-muted-foreground">
            Predictions joined with the true outcomes your systems send back
            later (actuals), grouped by when the prediction was made.
          </p>
        </div>
        <div className="flex w-full flex-wrap items-end gap-2 sm:w-auto">
          {metrics.length > 1 && (data?.labelled ?? 0) > 0 && (
            <ChoicePicker
              label="Metric"
              value={metric}
              onChange={setChosenMetric}
              choices={metrics.map((name) => ({
                value: name,
                label: metricLabel(name),
              }))}
              className="w-full sm:w-auto"
            />
          )}
          <ChoicePicker
            label="Window"
            value={windowValue}
            onChange={setWindowValue}
            choices={PERFORMANCE_WINDOWS}
            className="w-full sm:w-auto"
          />
        </div>
      </div>
      {performance.isError && <ProblemAlert error={performance.error} />}
      {performance.isPending ? (
        <div
          className="grid grid-cols-[minmax(0,1fr)] gap-3"
          data-testid="performance-skeleton"
        >
          <Skeleton className="h-20 w-full" />
          <Skeleton className="h-56 w-full" />
        </div>
      ) : data && data.labelled === 0 ? (
        <EmptyPanel
          icon={Tags}
          title="No labelled predictions yet"
          description={
            <>
              Send the true outcome of past predictions to{" "}
              <code className="font-mono">
                POST /api/v1/deployments/{deploymentId}/actuals
              </code>
              , with the <code className="font-mono">prediction_id</code> each
              prediction answered. Accuracy, ROC AUC and log loss
              (classification) or RMSE and MAE (regression) then appear here,
              per {choice.bucket}.
            </>
          }
        >
          <CodeSnippet
            code={actualsSnippet(
              window.location.origin,
              deploymentId,
              data.task,
            )}
            label="Example request sending actuals"
          />
        </EmptyPanel>
      ) : data ? (
        <div
          className={
            performance.isPlaceholderData
              ? "grid grid-cols-[minmax(0,1fr)] gap-6 opacity-60"
              : "grid grid-cols-[minmax(0,1fr)] gap-6"
          }
        >
          <Headlines
            label="Performance over the window"
            items={[
              {
                label: "Labelled predictions",
                value: formatCount(data.labelled),
                detail: taskLabel(data.task),
              },
              ...metrics.map((name) => ({
                label: metricLabel(name),
                value: formatScore(data.metrics[name]),
                detail: greaterIsBetter(name)
                  ? "higher is better"
                  : "lower is better",
              })),
            ]}
          />
          <LazyPerformanceChart
            points={performancePoints(data, metric)}
            metric={metric}
            bucket={choice.bucket}
          />
        </div>
      ) : null}
    </section>
  );
}
