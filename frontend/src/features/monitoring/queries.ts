import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { deploymentKeys } from "@/features/deployments/queries";
import { isProblem } from "@/lib/api";
import { type AlertRule, type AlertRuleCreate, type AlertRuleUpdate, monitoringApi } from "@/lib/api/monitoring";

export const monitoringKeys = {
  all: (workspaceId: string, deploymentId: string) => [...deploymentKeys.detail(workspaceId, deploymentId), "monitoring"] as const,
  traffic: (workspaceId: string, deploymentId: string, windowMinutes: number) => [...monitoringKeys.all(workspaceId, deploymentId), "traffic", windowMinutes] as const,
  performance: (workspaceId: string, deploymentId: string, days: number, bucket: string) =>
    [...monitoringKeys.all(workspaceId, deploymentId), "performance", days, bucket] as const,
  drift: (workspaceId: string, deploymentId: string) => [...monitoringKeys.all(workspaceId, deploymentId), "drift"] as const,
  driftReport: (workspaceId: string, deploymentId: string, reportId: string) => [...monitoringKeys.drift(workspaceId, deploymentId), "report", reportId] as const,
  driftLatest: (workspaceId: string, deploymentId: string) => [...monitoringKeys.drift(workspaceId, deploymentId), "latest"] as const,
  driftList: (workspaceId: string, deploymentId: string) => [...monitoringKeys.drift(workspaceId, deploymentId), "list"] as const,
  alerts: (workspaceId: string, deploymentId: string) => [...monitoringKeys.all(workspaceId, deploymentId), "alerts"] as const,
  rules: (workspaceId: string, deploymentId: string) => [...monitoringKeys.alerts(workspaceId, deploymentId), "rules"] as const,
  events: (workspaceId: string, deploymentId: string) => [...monitoringKeys.alerts(workspaceId, deploymentId), "events"] as const,
};

/** Refresh interval of the alert lists; the workers evaluate rules every minute. */
const ALERTS_REFRESH_MS = 30_000;

/**
 * Traffic over a window. Polled while the page is visible (TanStack Query pauses interval
 * refetches in background tabs); the previous window's answer stays on screen while the next loads.
 */
export const trafficQueryOptions = (workspaceId: string, deploymentId: string, windowMinutes: number, refreshMs = 10_000) =>
  queryOptions({
    queryKey: monitoringKeys.traffic(workspaceId, deploymentId, windowMinutes),
    queryFn: ({ signal }) => monitoringApi.traffic(workspaceId, deploymentId, windowMinutes, { signal }),
    refetchInterval: refreshMs,
    staleTime: 5_000,
    placeholderData: (previous) => previous,
  });

export const performanceQueryOptions = (workspaceId: string, deploymentId: string, days: number, bucket: "hour" | "day") =>
  queryOptions({
    queryKey: monitoringKeys.performance(workspaceId, deploymentId, days, bucket),
    queryFn: ({ signal }) => monitoringApi.performance(workspaceId, deploymentId, { days, bucket }, { signal }),
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });

/** The newest drift report, or null when there is none yet (the API answers 404 drift_report_not_found). */
export const latestDriftQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: monitoringKeys.driftLatest(workspaceId, deploymentId),
    queryFn: async ({ signal }) => {
      try {
        return await monitoringApi.latestDriftReport(workspaceId, deploymentId, { signal });
      } catch (error) {
        if (isProblem(error, 404) && error.code === "drift_report_not_found") return null;
        throw error;
      }
    },
    refetchInterval: 60_000,
  });

export const driftReportQueryOptions = (workspaceId: string, deploymentId: string, reportId: string) =>
  queryOptions({
    queryKey: monitoringKeys.driftReport(workspaceId, deploymentId, reportId),
    queryFn: ({ signal }) => monitoringApi.driftReport(workspaceId, deploymentId, reportId, { signal }),
    // A report never changes once computed.
    staleTime: Infinity,
  });

export const driftReportsQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: monitoringKeys.driftList(workspaceId, deploymentId),
    queryFn: ({ signal }) => monitoringApi.driftReports(workspaceId, deploymentId, { signal, limit: 20 }),
    select: (page) => page.items,
    refetchInterval: 60_000,
  });

export const alertRulesQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: monitoringKeys.rules(workspaceId, deploymentId),
    queryFn: ({ signal }) => monitoringApi.alertRules(workspaceId, deploymentId, { signal }),
    select: (page) => page.items,
    refetchInterval: ALERTS_REFRESH_MS,
  });

export const alertEventsQueryOptions = (workspaceId: string, deploymentId: string) =>
  queryOptions({
    queryKey: monitoringKeys.events(workspaceId, deploymentId),
    queryFn: ({ signal }) => monitoringApi.alertEvents(workspaceId, deploymentId, { signal, limit: 50 }),
    select: (page) => page.items,
    refetchInterval: ALERTS_REFRESH_MS,
  });

/** Computes a drift report now; the new report becomes the latest, and drift rules were evaluated with it. */
export function useRunDriftReport(workspaceId: string, deploymentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (windowHours: number) => monitoringApi.runDriftReport(workspaceId, deploymentId, windowHours),
    onSuccess: async (report) => {
      queryClient.setQueryData(monitoringKeys.driftLatest(workspaceId, deploymentId), report);
      queryClient.setQueryData(monitoringKeys.driftReport(workspaceId, deploymentId, report.id), report);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: monitoringKeys.driftList(workspaceId, deploymentId) }),
        queryClient.invalidateQueries({ queryKey: monitoringKeys.alerts(workspaceId, deploymentId) }),
      ]);
    },
  });
}

function useInvalidateAlerts(workspaceId: string, deploymentId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: monitoringKeys.alerts(workspaceId, deploymentId) });
}

export function useCreateAlertRule(workspaceId: string, deploymentId: string) {
  const invalidate = useInvalidateAlerts(workspaceId, deploymentId);
  return useMutation({
    mutationFn: (body: AlertRuleCreate) => monitoringApi.createAlertRule(workspaceId, deploymentId, body),
    onSuccess: invalidate,
  });
}

export function useUpdateAlertRule(workspaceId: string, deploymentId: string) {
  const invalidate = useInvalidateAlerts(workspaceId, deploymentId);
  return useMutation({
    mutationFn: ({ ruleId, body }: { ruleId: string; body: AlertRuleUpdate }) => monitoringApi.updateAlertRule(workspaceId, deploymentId, ruleId, body),
    onSuccess: invalidate,
  });
}

export function useDeleteAlertRule(workspaceId: string, deploymentId: string) {
  const invalidate = useInvalidateAlerts(workspaceId, deploymentId);
  return useMutation({
    mutationFn: (rule: AlertRule) => monitoringApi.deleteAlertRule(workspaceId, deploymentId, rule.id),
    onSuccess: invalidate,
  });
}

export function useEvaluateAlertRules(workspaceId: string, deploymentId: string) {
  const invalidate = useInvalidateAlerts(workspaceId, deploymentId);
  return useMutation({
    mutationFn: () => monitoringApi.evaluateAlertRules(workspaceId, deploymentId),
    onSuccess: invalidate,
  });
}
