import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { problem, type RecordedRequest, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { AlertRuleDialog } from "./alert-rule-dialog";
import { monitoringKeys } from "./queries";

const RULES = "/api/v1/workspaces/ws_1/deployments/dep_1/alert-rules";
const LATEST_DRIFT =
  "/api/v1/workspaces/ws_1/deployments/dep_1/drift-reports/latest";
const posts = (requests: RecordedRequest[]) =>
  requests.filter((request) => request.method === "POST");

function created(body: unknown) {
  return {
    id: "alr_1",
    deployment_id: "dep_1",
    metric: null,
    state: "ok",
    last_value: null,
    last_evaluated_at: null,
    created_at: "2026-03-01T12:00:00Z",
    updated_at: "2026-03-01T12:00:00Z",
    ...(body as object),
  };
}

async function openDialog(
  metrics: readonly string[] = ["accuracy", "roc_auc", "log_loss"],
) {
  const view = renderWithApp(
    <AlertRuleDialog
      workspaceId="ws_1"
      deploymentId="dep_1"
      metrics={metrics}
    />,
  );
  await view.user.click(
    await screen.findByRole("button", { name: "New alert rule" }),
  );
  const dialog = await screen.findByRole("dialog");
  return { view, dialog };
}

describe("AlertRuleDialog", () => {
  it("creates an error-rate rule: percent typed, share sent, named after its condition", async () => {
    const { requests } = stubApi({
      [`POST ${RULES}`]: ({ body }) => ({ status: 201, body: created(body) }),
    });
    const { view, dialog } = await openDialog();

    await view.user.click(
      within(dialog).getByRole("combobox", { name: "Watch" }),
    );
    await view.user.click(
      await screen.findByRole("option", { name: "Error rate" }),
    );
    expect(
      within(dialog).getByText(/Failed prediction requests as a share/),
    ).toBeInTheDocument();
    const threshold = within(dialog).getByLabelText("Threshold (%)");
    expect(threshold).toHaveValue("5");
    await view.user.clear(threshold);
    await view.user.type(threshold, "2");
    await view.user.click(
      within(dialog).getByRole("combobox", { name: "Over the last" }),
    );
    await view.user.click(
      await screen.findByRole("option", { name: "1 hour" }),
    );
    expect(
      within(dialog).getByText("Error rate above 2% over 1 hour"),
    ).toBeInTheDocument();
    await view.user.click(
      within(dialog).getByRole("button", { name: "Create rule" }),
    );

    await waitFor(() =>
      expect(screen.queryByRole("dialog")).not.toBeInTheDocument(),
    );
    expect(posts(requests)[0]?.body).toEqual({
      name: "Error rate above 2% over 1 hour",
      signal: "error_rate",
      metric: null,
      comparison: "above",
      threshold: 0.02,
      window_minutes: 60,
      enabled: true,
    });
    expect(
      await screen.findByText(
        "Alert rule “Error rate above 2% over 1 hour” created",
      ),
    ).toBeInTheDocument();
  });

  it("proposes the significant PSI of the server's drift reports for a drift rule", async () => {
    const rules = {
      psi_moderate: 0.08,
      psi_significant: 0.2,
      p_value: 0.01,
      min_rows: 200,
      schedule_interval_s: 3600,
      window_hours: 24,
    };
    const { requests } = stubApi({
      [`GET ${LATEST_DRIFT}`]: { status: 200, body: { id: "drf_1", rules } },
      [`POST ${RULES}`]: ({ body }) => ({ status: 201, body: created(body) }),
    });
    const view = renderWithApp(
      <AlertRuleDialog
        workspaceId="ws_1"
        deploymentId="dep_1"
        metrics={["accuracy"]}
      />,
    );
    await waitFor(() =>
      expect(
        view.queryClient.getQueryState(
          monitoringKeys.driftLatest("ws_1", "dep_1"),
        )?.status,
      ).toBe("success"),
    );
    await view.user.click(
      screen.getByRole("button", { name: "New alert rule" }),
    );
    const dialog = await screen.findByRole("dialog");

    expect(within(dialog).getByLabelText("Threshold (PSI)")).toHaveValue("0.2");
    expect(
      within(dialog).getByText(
        "The largest feature PSI of the latest drift report. 0.2 and above is a significant shift, 0.08 a moderate one.",
      ),
    ).toBeInTheDocument();
    await view.user.click(
      within(dialog).getByRole("button", { name: "Create rule" }),
    );
    await waitFor(() =>
      expect(posts(requests)[0]?.body).toMatchObject({
        signal: "drift_psi",
        threshold: 0.2,
        name: "Data drift above 0.2 in the latest report",
      }),
    );
  });

  it("falls back to PSI 0.25 before any drift report, without naming thresholds", async () => {
    stubApi({});
    const { dialog } = await openDialog();
    expect(within(dialog).getByLabelText("Threshold (PSI)")).toHaveValue(
      "0.25",
    );
    expect(
      within(dialog).getByText(
        "The largest feature PSI of the latest drift report.",
      ),
    ).toBeInTheDocument();
  });

  it("shows what is wrong on the field and sends nothing", async () => {
    const { requests } = stubApi({});
    const { view, dialog } = await openDialog();

    // Drift reads the latest report: no window to choose.
    expect(
      within(dialog).queryByRole("combobox", { name: "Over the last" }),
    ).not.toBeInTheDocument();
    const threshold = within(dialog).getByLabelText("Threshold (PSI)");
    await view.user.clear(threshold);
    await view.user.type(threshold, "-0.3");
    await view.user.click(
      within(dialog).getByRole("button", { name: "Create rule" }),
    );

    expect(
      await within(dialog).findByText("The threshold cannot be negative."),
    ).toBeInTheDocument();
    expect(threshold).toHaveAttribute("aria-invalid", "true");
    expect(posts(requests)).toEqual([]);

    await view.user.clear(threshold);
    expect(
      within(dialog).queryByText("The threshold cannot be negative."),
    ).not.toBeInTheDocument();
  });

  it("offers the task's metrics for a performance rule and bounds shares", async () => {
    const { requests } = stubApi({});
    const { view, dialog } = await openDialog(["rmse", "mae"]);

    await view.user.click(
      within(dialog).getByRole("combobox", { name: "Watch" }),
    );
    await view.user.click(
      await screen.findByRole("option", { name: "Model metric" }),
    );
    await view.user.click(
      within(dialog).getByRole("combobox", { name: "Metric" }),
    );
    expect(
      screen.getAllByRole("option").map((option) => option.textContent),
    ).toEqual(["RMSE", "MAE"]);
    await view.user.click(screen.getByRole("option", { name: "MAE" }));
    // MAE: lower is better, so the rule fires when it rises.
    expect(
      within(dialog).getByRole("combobox", { name: "Fires when the value is" }),
    ).toHaveTextContent("Above the threshold");
    const threshold = within(dialog).getByLabelText("Threshold");
    await view.user.clear(threshold);
    await view.user.click(
      within(dialog).getByRole("button", { name: "Create rule" }),
    );
    expect(
      await within(dialog).findByText("Enter a number."),
    ).toBeInTheDocument();
    expect(posts(requests)).toEqual([]);
  });

  it("keeps the dialog open with the server's problem and hint", async () => {
    stubApi({
      [`POST ${RULES}`]: {
        status: 422,
        body: problem(
          422,
          "invalid_alert_rule",
          "A performance rule of a regression model needs metric one of: rmse, mae.",
          {
            hint: "a performance rule names its metric (accuracy, roc_auc, log_loss, rmse, mae).",
          },
        ),
      },
    });
    const { view, dialog } = await openDialog();
    await view.user.click(
      within(dialog).getByRole("button", { name: "Create rule" }),
    );

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent(
      "A performance rule of a regression model needs metric one of: rmse, mae.",
    );
    expect(alert).toHaveTextContent("a performance rule names its metric");
    expect(screen.getByRole("dialog")).toBeInTheDocument();
  });
});
