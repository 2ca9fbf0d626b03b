import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { DatasetsEmptyState } from "./datasets-empty-state";

describe("DatasetsEmptyState", () => {
  it("points to the next step and explains why it is not available yet", () => {
    render(<DatasetsEmptyState />);
    expect(screen.getByRole("heading", { name: "No datasets yet" })).toBeInTheDocument();
    const sample = screen.getByRole("button", { name: "Import a sample dataset" });
    expect(sample).toBeDisabled();
    expect(sample).toHaveAccessibleDescription(/arrives with the datasets API/);
    expect(screen.getByRole("button", { name: "Upload a file" })).toBeDisabled();
  });
});
