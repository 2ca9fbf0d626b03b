import { useQuery } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { useId, useState } from "react";
import { ProblemAlert } from "@/components/problem-alert";
import { Skeleton } from "@/components/ui/skeleton";
import { LazyTrafficCharts } from "./lazy-charts";
import { ChoicePicker, CodeSnippet, EmptyPanel, Headlines } from "./parts";
import { trafficQueryOptions } from "./queries";
import {
  DEFAULT_TRAFFIC_WINDOW,
  predictSnippet,
  stepLabel,
  TRAFFIC_REFRESH_MS,
  TRAFFIC_WINDOWS,
  trafficBuckets,
  trafficHeadlines,
  trafficWindow,
} from "./traffic";

/** Request rate, errors and latency of the deployment over a window, refreshed while visible. */
export function TrafficSection({
  workspaceId,
  deploymentId,
}: {
  workspaceId: string;
  deploymentId: string;
}) {
  const [windowValue, setWindowValue] = useState(DEFAULT_TRAFFIC_WINDOW);
  const choice = trafficWindow(windowValue);
  const traffic = useQuery(
    trafficQueryOptions(
      workspaceId,
      deploymentId,
      choice.minutes,
      TRAFFIC_REFRESH_MS,
    ),
  );
  // While a new window loads, the previous one's answer is shown (placeholder); say so.
  const stale = traffic.isPlaceholderData;
  const headingId = useId();

  return (
    <section
      className="grid grid-cols-[minmax(0,1fr)] gap-4"
      aria-labelledby={headingId}
    >
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="grid max-w-prose gap-1">
          <h3 id={headingId} className="font-semibold">
            Traffic and latency
          </h3>
          <p className="text-xs text-muted-foreground">
            Server-side figures, refreshed every {TRAFFIC_REFRESH_MS / 1000} s
            while this page is visible
            {traffic.data && traffic.data.requests > 0
              ? `; one chart point per ${stepLabel(traffic.data.step_minutes)}.`
              : "."}
          </p>
        </div>
        <ChoicePicker
          label="Window"
          value={windowValue}
          onChange={setWindowValue}
          choices={TRAFFIC_WINDOWS}
        />
      </div>
      {/* A failed refresh keeps the last figures on screen, under the problem. */}
      {traffic.isError && <ProblemAlert error={traffic.error} />}
      {traffic.isPending ? (
        <div
          className="grid grid-cols-[minmax(0,1fr)] gap-4"
          data-testid="traffic-skeleton"
        >
          <Skeleton className="h-20 w-full" />
          <Skeleton className="h-56 w-full" />
        </div>
      ) : traffic.data === undefined ? null : traffic.data.requests === 0 ? (
        <EmptyPanel
          icon={Activity}
          title={`No traffic in the ${choice.label.toLowerCase()}`}
          description={
            <>
              Request rate, errors and latency appear here once the deployment
              answers predictions. Send one from the <strong>Try it</strong>{" "}
              form on this page, or call the endpoint with an API key
              {choice.minutes < 10080 ? "; or pick a longer window." : "."}
            </>
          }
        >
          <CodeSnippet
            code={predictSnippet(window.location.origin, deploymentId)}
            label="Example prediction request"
          />
        </EmptyPanel>
      ) : (
        <div
          className={
            stale
              ? "grid grid-cols-[minmax(0,1fr)] gap-6 opacity-60 transition-opacity"
              : "grid grid-cols-[minmax(0,1fr)] gap-6"
          }
        >
          <Headlines
            label="Traffic over the window"
            items={trafficHeadlines(traffic.data)}
          />
          <LazyTrafficCharts
            buckets={trafficBuckets(
              traffic.data.series,
              traffic.data.window_start,
              traffic.data.window_end,
              traffic.data.step_minutes,
            )}
            traffic={traffic.data}
          />
        </div>
      )}
    </section>
  );
}
