/**
 * Monitoring of a deployment: traffic and latency, drift reports, performance from late labels,
 * alert rules and their events, over the client generated from openapi.json.
 */
import "./client";
import * as sdk from "./generated/sdk.gen";
import type { AlertRuleCreate, AlertRuleUpdate, TrafficStep } from "./generated/types.gen";

export type {
  AlertComparison,
  AlertEventOut as AlertEvent,
  AlertRuleCreate,
  AlertRuleOut as AlertRule,
  AlertRuleUpdate,
  AlertSignal,
  DriftReportOut as DriftReport,
  DriftReportSummary,
  DriftRules,
  EvaluationOut as AlertEvaluation,
  FeatureDriftOut as FeatureDrift,
  PerformanceBucket,
  PerformanceOut as Performance,
  TrafficPoint,
  TrafficStep,
  TrafficSummary as Traffic,
} from "./generated/types.gen";

type Signal = { signal?: AbortSignal };

async function data<T>(call: Promise<{ data: T }>): Promise<T> {
  return (await call).data;
}

async function done(call: Promise<unknown>): Promise<undefined> {
  await call;
  return undefined;
}

const t = { throwOnError: true } as const;
/** The API's largest page; a deployment's rules and recent reports fit in one. */
const PAGE = 200;

const at = (workspaceId: string, deploymentId: string) => ({ workspace_id: workspaceId, deployment_id: deploymentId });

export const monitoringApi = {
  /** Without a step, the server picks the finest that keeps the series to at most 360 points (its answer says which). */
  traffic: (workspaceId: string, deploymentId: string, windowMinutes: number, { signal, stepMinutes }: Signal & { stepMinutes?: TrafficStep } = {}) =>
    data(sdk.monitoringTraffic({ ...t, signal, path: at(workspaceId, deploymentId), query: { window_minutes: windowMinutes, step_minutes: stepMinutes } })),
  performance: (workspaceId: string, deploymentId: string, query: { days: number; bucket: "hour" | "day" }, { signal }: Signal = {}) =>
    data(sdk.monitoringPerformance({ ...t, signal, path: at(workspaceId, deploymentId), query })),

  latestDriftReport: (workspaceId: string, deploymentId: string, { signal }: Signal = {}) =>
    data(sdk.driftReportsLatest({ ...t, signal, path: at(workspaceId, deploymentId) })),
  driftReport: (workspaceId: string, deploymentId: string, reportId: string, { signal }: Signal = {}) =>
    data(sdk.driftReportsGet({ ...t, signal, path: { ...at(workspaceId, deploymentId), report_id: reportId } })),
  driftReports: (workspaceId: string, deploymentId: string, { signal, limit = 20 }: Signal & { limit?: number } = {}) =>
    data(sdk.driftReportsList({ ...t, signal, path: at(workspaceId, deploymentId), query: { limit } })),
  runDriftReport: (workspaceId: string, deploymentId: string, windowHours: number) =>
    data(sdk.driftReportsCreate({ ...t, body: { window_hours: windowHours }, path: at(workspaceId, deploymentId) })),

  alertRules: (workspaceId: string, deploymentId: string, { signal }: Signal = {}) =>
    data(sdk.alertRulesList({ ...t, signal, path: at(workspaceId, deploymentId), query: { limit: PAGE } })),
  createAlertRule: (workspaceId: string, deploymentId: string, body: AlertRuleCreate) =>
    data(sdk.alertRulesCreate({ ...t, body, path: at(workspaceId, deploymentId) })),
  updateAlertRule: (workspaceId: string, deploymentId: string, ruleId: string, body: AlertRuleUpdate) =>
    data(sdk.alertRulesUpdate({ ...t, body, path: { ...at(workspaceId, deploymentId), rule_id: ruleId } })),
  deleteAlertRule: (workspaceId: string, deploymentId: string, ruleId: string) =>
    done(sdk.alertRulesDelete({ ...t, path: { ...at(workspaceId, deploymentId), rule_id: ruleId } })),
  evaluateAlertRules: (workspaceId: string, deploymentId: string) => data(sdk.alertRulesEvaluate({ ...t, path: at(workspaceId, deploymentId) })),
  alertEvents: (workspaceId: string, deploymentId: string, { signal, limit = 50 }: Signal & { limit?: number } = {}) =>
    data(sdk.alertEventsListForDeployment({ ...t, signal, path: at(workspaceId, deploymentId), query: { limit } })),
};
