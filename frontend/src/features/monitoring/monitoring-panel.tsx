import { useQuery } from "@tanstack/react-query";
import { Activity, Bell, Gauge, Shuffle } from "lucide-react";
import { useState } from "react";
import { Tabs } from "radix-ui";
import { deploymentQueryOptions } from "@/features/deployments/queries";
import { modelVersionQueryOptions } from "@/features/models/queries";
import { metricsForTask } from "./alert-rules";
import { AlertsSection } from "./alerts-section";
import { DriftSection } from "./drift-section";
import { PerformanceSection } from "./performance-section";
import { alertRulesQueryOptions } from "./queries";
import { TrafficSection } from "./traffic-section";

export interface MonitoringPanelProps {
  workspaceId: string;
  deploymentId: string;
  /** Whether the member may compute drift and manage alert rules (models:deploy: members and up). */
  canWrite: boolean;
}

const TABS = [
  { value: "traffic", label: "Traffic", icon: Activity },
  { value: "drift", label: "Drift", icon: Shuffle },
  { value: "performance", label: "Performance", icon: Gauge },
  { value: "alerts", label: "Alerts", icon: Bell },
] as const;

type Tab = (typeof TABS)[number]["value"];

/**
 * A deployment's monitoring: traffic and latency, data drift, performance from late labels, and
 * alert rules with their alerts. Only the open tab's queries run (Radix unmounts the others).
 */
export function MonitoringPanel({
  workspaceId,
  deploymentId,
  canWrite,
}: MonitoringPanelProps) {
  const [tab, setTab] = useState<Tab>("traffic");
  const rules = useQuery(alertRulesQueryOptions(workspaceId, deploymentId));
  const firing =
    rules.data?.filter((rule) => rule.enabled && rule.state === "firing")
      .length ?? 0;
  const deployment = useQuery(
    deploymentQueryOptions(workspaceId, deploymentId),
  );
  const versionId = deployment.data?.model_version_id;
  const version = useQuery({
    ...modelVersionQueryOptions(workspaceId, versionId ?? ""),
    enabled: versionId !== undefined,
  });
  const metrics = metricsForTask(version.data?.task);

  return (
    <Tabs.Root
      value={tab}
      onValueChange={(value) => setTab(value as Tab)}
      className="grid grid-cols-[minmax(0,1fr)] gap-4"
    >
      <Tabs.List
        aria-label="Monitoring"
        className="relative flex w-full gap-1 overflow-x-auto rounded-lg bg-muted p-1 sm:w-fit"
      >
        {TABS.map(({ value, label, icon: Icon }) => (
          <Tabs.Trigger
            key={value}
            value={value}
            className="relative inline-flex flex-1 items-center justify-center gap-1.5 rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap text-muted-foreground transition-colors outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 data-[state=active]:bg-background data-[state=active]:text-foreground data-[state=active]:shadow-sm sm:flex-none sm:px-3"
          >
            <Icon
              className="hidden size-4 shrink-0 sm:block"
              aria-hidden="true"
            />
            {label}
            {value === "alerts" && firing > 0 && (
              <>
                <span
                  className="rounded-full bg-destructive px-1.5 text-xs leading-5 text-destructive-foreground tabular-nums"
                  aria-hidden="true"
                >
                  {firing}
                </span>
                <span className="sr-only">, {firing} firing</span>
              </>
            )}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      <Tabs.Content
        value="traffic"
        className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <TrafficSection workspaceId={workspaceId} deploymentId={deploymentId} />
      </Tabs.Content>
      <Tabs.Content
        value="drift"
        className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <DriftSection
          workspaceId={workspaceId}
          deploymentId={deploymentId}
          canWrite={canWrite}
        />
      </Tabs.Content>
      <Tabs.Content
        value="performance"
        className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <PerformanceSection
          workspaceId={workspaceId}
          deploymentId={deploymentId}
        />
      </Tabs.Content>
      <Tabs.Content
        value="alerts"
        className="rounded-md outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        <AlertsSection
          workspaceId={workspaceId}
          deploymentId={deploymentId}
          canWrite={canWrite}
          metrics={metrics}
        />
      </Tabs.Content>
    </Tabs.Root>
  );
}
