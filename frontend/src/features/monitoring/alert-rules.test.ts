import { describe, expect, it } from "vitest";
import { defaultRuleValues, describeCondition, formatSignalValue, metricsForTask, toCreateBody, validateRule } from "./alert-rules";

const classification = metricsForTask("binary");

describe("validateRule", () => {
  it("accepts each signal's defaults", () => {
    for (const signal of ["drift_psi", "error_rate", "latency_p99_ms", "request_rate"] as const) {
      expect(validateRule(defaultRuleValues(signal), classification)).toEqual({});
    }
    expect(validateRule(defaultRuleValues("performance", "accuracy"), classification)).toEqual({});
  });

  it("needs a number that is not negative", () => {
    expect(validateRule({ ...defaultRuleValues("latency_p99_ms"), threshold: "" }, classification).threshold).toBe("Enter a number.");
    expect(validateRule({ ...defaultRuleValues("latency_p99_ms"), threshold: "fast" }, classification).threshold).toBe("Enter a number.");
    expect(validateRule({ ...defaultRuleValues("latency_p99_ms"), threshold: "-1" }, classification).threshold).toBe("The threshold cannot be negative.");
    expect(validateRule({ ...defaultRuleValues("latency_p99_ms"), threshold: "2,5" }, classification)).toEqual({});
  });

  it("bounds percentages and shares", () => {
    expect(validateRule({ ...defaultRuleValues("error_rate"), threshold: "150" }, classification).threshold).toBe("An error rate is between 0 and 100%.");
    expect(validateRule({ ...defaultRuleValues("performance", "roc_auc"), threshold: "80" }, classification).threshold).toBe("ROC AUC is between 0 and 1.");
    expect(validateRule({ ...defaultRuleValues("performance", "log_loss"), threshold: "3" }, classification)).toEqual({});
  });

  it("requires a metric the model's task reports for a performance rule", () => {
    expect(validateRule(defaultRuleValues("performance", ""), classification).metric).toBe("Choose the metric to watch: Accuracy, ROC AUC, Log loss.");
    expect(validateRule({ ...defaultRuleValues("performance", "rmse"), threshold: "3" }, classification).metric).toMatch(/Choose the metric/);
    expect(validateRule({ ...defaultRuleValues("performance", "rmse"), threshold: "3" }, metricsForTask("regression"))).toEqual({});
  });

  it("limits the name", () => {
    expect(validateRule({ ...defaultRuleValues(), name: "x".repeat(201) }, classification).name).toBe("Keep the name under 200 characters.");
  });
});

describe("toCreateBody", () => {
  it("sends an error rate as a share and names a blank rule after its condition", () => {
    expect(toCreateBody({ ...defaultRuleValues("error_rate"), threshold: "2.5" })).toEqual({
      name: "Error rate above 2.5% over 15 minutes",
      signal: "error_rate",
      metric: null,
      comparison: "above",
      threshold: 0.025,
      window_minutes: 15,
      enabled: true,
    });
  });

  it("keeps a typed name and the metric of a performance rule", () => {
    const body = toCreateBody({ ...defaultRuleValues("performance", "accuracy"), name: "  Accuracy dropped ", threshold: "0.7", enabled: false });
    expect(body).toMatchObject({ name: "Accuracy dropped", signal: "performance", metric: "accuracy", comparison: "below", threshold: 0.7, window_minutes: 10080, enabled: false });
    // Lower-is-better metrics alert when they rise.
    expect(defaultRuleValues("performance", "rmse").comparison).toBe("above");
  });
});

describe("describeCondition", () => {
  it("reads like a sentence in the signal's unit", () => {
    expect(describeCondition({ signal: "drift_psi", metric: null, comparison: "above", threshold: 0.25, window_minutes: 60 })).toBe("Data drift above 0.25 in the latest report");
    expect(describeCondition({ signal: "latency_p99_ms", metric: null, comparison: "above", threshold: 1500, window_minutes: 1440 })).toBe("Latency (p99) above 1.5 s over 1 day");
    expect(describeCondition({ signal: "request_rate", metric: null, comparison: "below", threshold: 1, window_minutes: 90 })).toBe("Request rate below 1/min over 90 minutes");
    expect(describeCondition({ signal: "performance", metric: "roc_auc", comparison: "below", threshold: 0.8, window_minutes: 10080 })).toBe("ROC AUC below 0.8 over 7 days");
    expect(formatSignalValue("error_rate", null)).toBe("—");
  });
});
