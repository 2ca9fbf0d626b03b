import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { parseSignature } from "@/features/models/signature";
import { ApiProblem } from "@/lib/api";
import type { PredictResponse } from "@/lib/api/deployments";
import { TryItForm } from "./try-it-form";

const { columns } = parseSignature({
  target: "survived",
  columns: [
    { name: "sex", kind: "categorical", dtype: "str", categories: ["female", "male"] },
    { name: "age", kind: "numeric", dtype: "float64", categories: [] },
    { name: "member", kind: "boolean", dtype: "bool", categories: [] },
    { name: "joined", kind: "datetime", dtype: "datetime64[ns]", categories: [] },
    { name: "cabin", kind: "categorical", dtype: "str", categories: [] },
  ],
});

const result: PredictResponse = {
  deployment_id: "dep_1",
  model_version_id: "mv_1",
  engine: "onnx",
  prediction_ids: ["prd_1"],
  predictions: ["yes"],
  probabilities: [{ no: 0.27, yes: 0.73 }],
  warnings: ["passengerClass is missing: scored as unknown."],
};

function setup(props: Partial<Parameters<typeof TryItForm>[0]> = {}) {
  const onPredict = vi.fn();
  const user = userEvent.setup();
  render(<TryItForm columns={columns} onPredict={onPredict} pending={false} result={undefined} error={null} {...props} />);
  return { onPredict, user };
}

describe("TryItForm", () => {
  it("renders one field per input column, typed by its kind", () => {
    setup();
    const form = screen.getByRole("form", { name: "Try it" });
    expect(within(form).getByRole("combobox", { name: /sex · Category/ })).toHaveTextContent("female");
    expect(within(form).getByRole("textbox", { name: /age · Number/ })).toHaveAttribute("inputmode", "decimal");
    expect(within(form).getByRole("combobox", { name: /member · Yes \/ no/ })).toHaveTextContent("(missing)");
    expect(within(form).getByLabelText(/joined · Date and time/)).toHaveAttribute("type", "datetime-local");
    // A categorical column without known categories is free text.
    expect(within(form).getByRole("textbox", { name: /cabin · Text/ })).toBeInTheDocument();
  });

  it("offers the categories seen in training, plus missing", async () => {
    const { user } = setup();
    await user.click(screen.getByRole("combobox", { name: /sex/ }));
    expect(screen.getAllByRole("option").map((option) => option.textContent)).toEqual(["(missing)", "female", "male"]);
    await user.click(screen.getByRole("option", { name: "male" }));
    expect(screen.getByRole("combobox", { name: /sex/ })).toHaveTextContent("male");
  });

  it("refuses a value that is not a number, then sends a typed record", async () => {
    const { onPredict, user } = setup();
    const age = screen.getByRole("textbox", { name: /age/ });
    await user.type(age, "old");
    await user.click(screen.getByRole("button", { name: "Predict" }));
    expect(onPredict).not.toHaveBeenCalled();
    expect(screen.getByText(/Enter a number/)).toBeInTheDocument();
    expect(age).toHaveAttribute("aria-invalid", "true");
    expect(age).toHaveFocus();

    await user.clear(age);
    await user.type(age, "29.5");
    expect(screen.queryByText(/Enter a number/)).not.toBeInTheDocument();
    await user.click(screen.getByRole("combobox", { name: /member/ }));
    await user.click(screen.getByRole("option", { name: "Yes" }));
    await user.click(screen.getByRole("button", { name: "Predict" }));
    expect(onPredict).toHaveBeenCalledWith({ sex: "female", age: 29.5, member: true, joined: null, cabin: null });
  });

  it("shows the prediction, its probabilities most likely first, and warnings", () => {
    setup({ result });
    const prediction = screen.getByRole("region", { name: "Prediction" });
    expect(within(prediction).getByTestId("prediction-value")).toHaveTextContent("yes");
    const probabilities = within(prediction).getAllByRole("listitem").slice(0, 2);
    expect(probabilities.map((item) => item.textContent)).toEqual(["yes73%", "no27%"]);
    expect(within(prediction).getByRole("list", { name: "Warnings" })).toHaveTextContent("passengerClass is missing");
  });

  it("shows a failed prediction's message and hint", () => {
    setup({ error: new ApiProblem({ title: "Invalid input", status: 422, detail: "sex: 'other' was never seen in training.", hint: "Use one of: female, male." }) });
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("sex: 'other' was never seen in training.");
    expect(alert).toHaveTextContent("Use one of: female, male.");
  });
});
