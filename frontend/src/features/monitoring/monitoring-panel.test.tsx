import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { MonitoringPanel } from "./monitoring-panel";

const DEP = "/api/v1/workspaces/ws_1/deployments/dep_1";
const EMPTY_PAGE = { status: 200, body: { items: [], next_cursor: null } };

const quietTraffic = {
  deployment_id: "dep_1",
  window_start: "2026-03-01T11:00:00Z",
  window_end: "2026-03-01T12:00:00Z",
  step_minutes: 1,
  requests: 0,
  errors: 0,
  rows: 0,
  request_rate_per_minute: 0,
  error_rate: null,
  latency_p50_ms: null,
  latency_p95_ms: null,
  latency_p99_ms: null,
  mean_latency_ms: null,
  series: [],
};

const report = {
  id: "drf_2",
  deployment_id: "dep_1",
  model_version_id: "mv_1",
  status: "ready",
  trigger: "manual",
  window_start: "2026-02-28T12:00:00Z",
  window_end: "2026-03-01T12:00:00Z",
  rows: 800,
  severity: "significant",
  max_psi: 0.62,
  drifted_features: ["fare"],
  reference_source: "sample",
  created_at: "2026-03-01T12:00:00Z",
  // Not the defaults, so that the screens can be seen to read them.
  rules: {
    psi_moderate: 0.1,
    psi_significant: 0.2,
    p_value: 0.05,
    min_rows: 500,
    schedule_interval_s: 1800,
    window_hours: 12,
  },
  features: [
    {
      name: "age",
      kind: "numeric",
      rows: 800,
      psi: 0.03,
      severity: "stable",
      test: "ks",
      statistic: 0.04,
      p_value: 0.3,
      drifted: false,
      bins: ["< 30", ">= 30", "missing"],
      expected: [0.5, 0.5, 0],
      actual: [0.48, 0.52, 0],
    },
    {
      name: "fare",
      kind: "numeric",
      rows: 800,
      psi: 0.62,
      severity: "significant",
      test: "ks",
      statistic: 0.31,
      p_value: 0.00001,
      drifted: true,
      bins: ["< 10", ">= 10", "missing"],
      expected: [0.5, 0.5, 0],
      actual: [0.1, 0.9, 0],
    },
  ],
};

const rule = {
  id: "alr_1",
  deployment_id: "dep_1",
  name: "Inputs moved",
  signal: "drift_psi",
  metric: null,
  comparison: "above",
  threshold: 0.25,
  window_minutes: 60,
  enabled: true,
  state: "firing",
  last_value: 0.62,
  last_evaluated_at: "2026-03-01T12:00:00Z",
  created_at: "2026-03-01T11:00:00Z",
  updated_at: "2026-03-01T11:00:00Z",
};

const event = {
  id: "ale_1",
  deployment_id: "dep_1",
  rule_id: "alr_1",
  state: "firing",
  signal: "drift_psi",
  value: 0.62,
  threshold: 0.25,
  message: "Inputs moved: drift_psi is above 0.25 (value 0.62).",
  delivered_at: null,
  created_at: "2026-03-01T12:00:00Z",
};

function renderPanel(handlers: Parameters<typeof stubApi>[0], canWrite = true) {
  const api = stubApi({
    [`GET ${DEP}/monitoring/traffic`]: { status: 200, body: quietTraffic },
    [`GET ${DEP}/alert-rules`]: EMPTY_PAGE,
    [`GET ${DEP}/alert-events`]: EMPTY_PAGE,
    [`GET ${DEP}/drift-reports`]: EMPTY_PAGE,
    ...handlers,
  });
  const view = renderWithApp(
    <MonitoringPanel
      workspaceId="ws_1"
      deploymentId="dep_1"
      canWrite={canWrite}
    />,
  );
  return { ...api, view };
}

describe("MonitoringPanel: traffic", () => {
  it("points to the Try it form and the endpoint while there is no traffic", async () => {
    const { requests } = renderPanel({});
    const empty = await screen.findByRole("region", {
      name: "No traffic in the last hour",
    });
    expect(empty).toHaveTextContent("Try it");
    expect(
      within(empty).getByLabelText("Example prediction request"),
    ).toHaveTextContent("/api/v1/deployments/dep_1/predict");
    const path = requests.find((request) =>
      request.path.includes("/monitoring/traffic"),
    )?.path;
    expect(path).toContain("window_minutes=60");
    // The server picks the step.
    expect(path).not.toContain("step_minutes");
  });

  it("shows the headline numbers, charts the server's steps with their percentiles, and asks again for another window", async () => {
    const { requests, view } = renderPanel({
      [`GET ${DEP}/monitoring/traffic`]: {
        status: 200,
        body: {
          ...quietTraffic,
          requests: 1200,
          errors: 12,
          rows: 1500,
          request_rate_per_minute: 20,
          error_rate: 0.01,
          latency_p50_ms: 2.5,
          latency_p95_ms: 9,
          latency_p99_ms: 31,
          mean_latency_ms: 3,
          step_minutes: 5,
          series: [
            {
              minute: "2026-03-01T11:30:00Z",
              requests: 1000,
              errors: 2,
              rows: 1200,
              mean_latency_ms: 2.8,
              latency_p50_ms: 2.5,
              latency_p95_ms: 8,
              latency_p99_ms: 20,
            },
            {
              minute: "2026-03-01T11:35:00Z",
              requests: 200,
              errors: 10,
              rows: 300,
              mean_latency_ms: 4,
              latency_p50_ms: 3,
              latency_p95_ms: 15,
              latency_p99_ms: 140,
            },
          ],
        },
      },
    });
    const numbers = await screen.findByLabelText("Traffic over the window");
    expect(numbers).toHaveTextContent("Requests1,2001,500 rows scored");
    expect(numbers).toHaveTextContent("Error rate1%12 failed");
    expect(numbers).toHaveTextContent("Latency p9931 ms");
    expect(
      screen.getByText(/one chart point per 5 minutes/),
    ).toBeInTheDocument();
    const latency = await screen.findByRole("img", {
      name: /^Server-side latency p50, p95 and p99 per 5 minutes/,
    });
    // The highest p99 of a step, not only the window's.
    expect(latency).toHaveAccessibleName(
      /highest p99 140 ms; over the window p50 2.5 ms, p95 9 ms, p99 31 ms/,
    );
    expect(
      screen.getByRole("img", {
        name: /^Request rate per 5 minutes over the window: 20 per minute on average, peak 200\./,
      }),
    ).toBeInTheDocument();

    await view.user.click(screen.getByRole("combobox", { name: "Window" }));
    await view.user.click(
      await screen.findByRole("option", { name: "Last 7 days" }),
    );
    await waitFor(() =>
      expect(
        requests.some((request) =>
          request.path.includes("window_minutes=10080"),
        ),
      ).toBe(true),
    );
  });

  it("shows the problem and its hint when traffic cannot be read", async () => {
    renderPanel({
      [`GET ${DEP}/monitoring/traffic`]: {
        status: 404,
        body: problem(404, "deployment_not_found", "Deployment not found.", {
          hint: "List the workspace's deployments.",
        }),
      },
    });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Deployment not found.");
    expect(alert).toHaveTextContent("List the workspace's deployments.");
  });
});

describe("MonitoringPanel: drift", () => {
  it("explains that drift needs logged predictions, then checks now and highlights drifted features", async () => {
    const { requests, view } = renderPanel({
      [`GET ${DEP}/drift-reports/latest`]: {
        status: 404,
        body: problem(
          404,
          "drift_report_not_found",
          "The deployment has no such drift report (or none yet).",
        ),
      },
      [`POST ${DEP}/drift-reports`]: { status: 201, body: report },
    });
    await view.user.click(await screen.findByRole("tab", { name: "Drift" }));
    const empty = await screen.findByRole("region", {
      name: "No drift report yet",
    });
    expect(empty).toHaveTextContent("Drift needs logged predictions");
    // Without a report, the schedule is not known: no made-up "every hour".
    expect(empty).toHaveTextContent(
      "the workers then check on their schedule, or check now",
    );
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();

    await view.user.click(
      screen.getByRole("button", { name: "Check drift now" }),
    );
    const table = await screen.findByRole("table", {
      name: "Drift per feature",
    });
    expect(requests.find((request) => request.method === "POST")?.body).toEqual(
      { window_hours: 24 },
    );

    const rows = within(table).getAllByRole("row").slice(1);
    // Drifted first, said in words (not only by colour).
    expect(rows[0]).toHaveAttribute("data-drifted", "true");
    expect(
      within(rows[0] as HTMLElement).getByRole("rowheader"),
    ).toHaveTextContent("fare");
    expect(rows[0]).toHaveTextContent("Drifted");
    expect(rows[0]).toHaveTextContent("< 0.001");
    expect(rows[1]).not.toHaveAttribute("data-drifted");
    expect(rows[1]).toHaveTextContent("Stable");
    // The report's rules, not defaults of the web app.
    expect(rows[0]).toHaveTextContent("Drifted: PSI 0.620 ≥ 0.2");
    expect(
      screen.getByText(
        /Drift threshold: PSI ≥ 0.2, or ≥ 0.1 with a test p-value below 0.05\. Features with fewer than 500 logged values are not judged\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Workers check every 30 minutes, over the last 12 hours of logged inputs\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "1 feature drifted (fare); largest PSI 0.620 over 800 logged rows.",
        { selector: "p" },
      ),
    ).toBeInTheDocument();
  });

  it("lets viewers read the report without the button", async () => {
    const { view } = renderPanel(
      { [`GET ${DEP}/drift-reports/latest`]: { status: 200, body: report } },
      false,
    );
    await view.user.click(await screen.findByRole("tab", { name: "Drift" }));
    expect(
      await screen.findByRole("table", { name: "Drift per feature" }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Check drift now" }),
    ).not.toBeInTheDocument();
  });

  it("shows why drift could not be computed", async () => {
    const { view } = renderPanel({
      [`GET ${DEP}/drift-reports/latest`]: {
        status: 404,
        body: problem(404, "drift_report_not_found", "None yet."),
      },
      [`POST ${DEP}/drift-reports`]: {
        status: 422,
        body: problem(
          422,
          "drift_reference_unavailable",
          "Neither the training data nor its profile can be read for this model.",
          {
            hint: "Drift needs the dataset version the model was trained on; keep it.",
          },
        ),
      },
    });
    await view.user.click(await screen.findByRole("tab", { name: "Drift" }));
    await view.user.click(
      await screen.findByRole("button", { name: "Check drift now" }),
    );
    expect(
      await screen.findByText(
        "Could not check drift: Neither the training data nor its profile can be read for this model.",
      ),
    ).toBeInTheDocument();
    // The toast carries the hint (and the request id).
    expect(
      screen.getByText(
        /Drift needs the dataset version the model was trained on; keep it\./,
      ),
    ).toBeInTheDocument();
  });
});

describe("MonitoringPanel: performance", () => {
  it("explains how to send actuals when no prediction is labelled", async () => {
    const { view, requests } = renderPanel({
      [`GET ${DEP}/monitoring/performance`]: {
        status: 200,
        body: {
          deployment_id: "dep_1",
          task: "binary",
          bucket: "day",
          window_start: "2026-01-30T12:00:00Z",
          window_end: "2026-03-01T12:00:00Z",
          labelled: 0,
          metrics: { accuracy: null, roc_auc: null, log_loss: null },
          series: [],
        },
      },
    });
    await view.user.click(
      await screen.findByRole("tab", { name: "Performance" }),
    );
    const empty = await screen.findByRole("region", {
      name: "No labelled predictions yet",
    });
    expect(
      within(empty).getByLabelText("Example request sending actuals"),
    ).toHaveTextContent(
      `curl -X POST ${window.location.origin}/api/v1/deployments/dep_1/actuals`,
    );
    expect(empty).toHaveTextContent("prediction_id");
    expect(
      requests.find((request) =>
        request.path.includes("/monitoring/performance"),
      )?.path,
    ).toContain("days=30&bucket=day");
  });

  it("shows the labelled count and each metric", async () => {
    const { view } = renderPanel({
      [`GET ${DEP}/monitoring/performance`]: {
        status: 200,
        body: {
          deployment_id: "dep_1",
          task: "regression",
          bucket: "day",
          window_start: "2026-01-30T12:00:00Z",
          window_end: "2026-03-01T12:00:00Z",
          labelled: 340,
          metrics: { rmse: 3.21, mae: 2.5 },
          series: [
            {
              start: "2026-03-01T00:00:00Z",
              labelled: 340,
              metrics: { rmse: 3.21, mae: 2.5 },
            },
          ],
        },
      },
    });
    await view.user.click(
      await screen.findByRole("tab", { name: "Performance" }),
    );
    const numbers = await screen.findByLabelText("Performance over the window");
    expect(numbers).toHaveTextContent("Labelled predictions340Regression");
    expect(numbers).toHaveTextContent("RMSE3.21lower is better");
  });
});

describe("MonitoringPanel: alerts", () => {
  it("lists rules and alerts, toggles, evaluates and deletes with a confirmation", async () => {
    const { view, requests } = renderPanel({
      [`GET ${DEP}/alert-rules`]: {
        status: 200,
        body: { items: [rule], next_cursor: null },
      },
      [`GET ${DEP}/alert-events`]: {
        status: 200,
        // The second event's rule is not on the rules page: the event names it itself.
        body: {
          items: [
            event,
            {
              ...event,
              id: "ale_2",
              rule_id: "alr_9",
              rule_name: "Latency guard",
              state: "resolved",
            },
          ],
          next_cursor: null,
        },
      },
      [`PATCH ${DEP}/alert-rules/alr_1`]: ({ body }) => ({
        status: 200,
        body: { ...rule, ...(body as object) },
      }),
      [`POST ${DEP}/alert-rules/evaluate`]: {
        status: 200,
        body: { rules: [rule], events: [] },
      },
      [`DELETE ${DEP}/alert-rules/alr_1`]: { status: 204 },
    });
    // The tab counts firing rules, in words for screen readers.
    const tab = await screen.findByRole("tab", { name: "Alerts, 1 firing" });
    await view.user.click(tab);

    const rules = await screen.findByRole("table", { name: "Alert rules" });
    const row = within(rules).getAllByRole("row")[1] as HTMLElement;
    expect(row).toHaveTextContent("Inputs moved");
    expect(row).toHaveTextContent("Data drift above 0.25 in the latest report");
    expect(row).toHaveTextContent("Firing");
    const events = await screen.findByRole("table", { name: "Recent alerts" });
    expect(within(events).getAllByRole("row")[1]).toHaveTextContent(
      "Inputs moved",
    );
    expect(within(events).getAllByRole("row")[2]).toHaveTextContent(
      "Latency guard",
    );

    await view.user.click(
      within(row).getByRole("switch", { name: "Enabled: Inputs moved" }),
    );
    await waitFor(() =>
      expect(
        requests.find((request) => request.method === "PATCH")?.body,
      ).toEqual({ enabled: false }),
    );

    await view.user.click(screen.getByRole("button", { name: "Evaluate now" }));
    expect(await screen.findByText("1 rule evaluated")).toBeInTheDocument();

    await view.user.click(
      within(row).getByRole("button", { name: "Delete the rule Inputs moved" }),
    );
    const confirm = await screen.findByRole("alertdialog");
    await view.user.click(
      within(confirm).getByRole("button", { name: "Delete rule" }),
    );
    await waitFor(() =>
      expect(
        requests.some(
          (request) =>
            request.method === "DELETE" &&
            request.path.endsWith("/alert-rules/alr_1"),
        ),
      ).toBe(true),
    );
  });

  it("shows an empty state and hides the controls from viewers", async () => {
    const { view } = renderPanel({}, false);
    await view.user.click(await screen.findByRole("tab", { name: "Alerts" }));
    expect(
      await screen.findByRole("region", { name: "No alert rules" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/No alert has fired yet/)).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "New alert rule" }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Evaluate now" }),
    ).not.toBeInTheDocument();
  });
});
