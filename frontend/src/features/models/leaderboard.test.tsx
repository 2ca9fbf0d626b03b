import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { bestCandidate, compareScores, parseLeaderboard, sortLeaderboard } from "./leaderboard";
import { LeaderboardTable } from "./leaderboard-table";

/** The value, or a failed test when it is missing. */
function must<T>(value: T | null | undefined): T {
  expect(value).toBeDefined();
  expect(value).not.toBeNull();
  return value as T;
}

const entries = [
  { candidate_id: 0, algorithm: "lightgbm", score: 0.81, score_std: 0.02, fit_seconds: 0.4, phase: "portfolio", params: { num_leaves: 31 } },
  { candidate_id: 1, algorithm: "xgboost", score: 0.86, score_std: 0.01, fit_seconds: 1.9, phase: "portfolio", params: {} },
  { candidate_id: 2, algorithm: "linear", score: 0.79, score_std: 0.03, fit_seconds: 0.05, phase: "portfolio", params: {} },
  { candidate_id: 3, algorithm: "extra_trees", score: null, score_std: null, fit_seconds: 2.5, phase: "tuning", params: {} },
];

describe("leaderboard sorting", () => {
  it("puts the highest score first for higher-is-better metrics and missing scores last", () => {
    const sorted = sortLeaderboard(parseLeaderboard(entries), "roc_auc", { key: "score", order: "best" });
    expect(sorted.map((c) => c.algorithm)).toEqual(["xgboost", "lightgbm", "linear", "extra_trees"]);
    expect(bestCandidate(parseLeaderboard(entries), "roc_auc")?.algorithm).toBe("xgboost");
  });

  it("puts the lowest score first for error metrics such as RMSE and log loss", () => {
    const candidates = parseLeaderboard(entries);
    expect(sortLeaderboard(candidates, "rmse", { key: "score", order: "best" }).map((c) => c.id)).toEqual([2, 0, 1, 3]);
    expect(bestCandidate(candidates, "log_loss")?.algorithm).toBe("linear");
    expect(compareScores(1, 2, "mae")).toBeLessThan(0);
    expect(compareScores(1, 2, "r2")).toBeGreaterThan(0);
  });

  it("sorts by fit time and by name, reversing on request", () => {
    const candidates = parseLeaderboard(entries);
    expect(sortLeaderboard(candidates, "roc_auc", { key: "fitSeconds", order: "best" }).map((c) => c.id)).toEqual([2, 0, 1, 3]);
    expect(sortLeaderboard(candidates, "roc_auc", { key: "algorithm", order: "worst" }).map((c) => c.algorithm)).toEqual([
      "xgboost",
      "linear",
      "lightgbm",
      "extra_trees",
    ]);
  });

  it("reads malformed entries without throwing", () => {
    const [candidate] = parseLeaderboard([{ score: "high", algorithm: 3 }]);
    expect(candidate).toMatchObject({ id: 0, algorithm: "unknown", score: null, fitSeconds: null, params: {} });
  });
});

describe("LeaderboardTable", () => {
  it("highlights the best candidate and re-sorts when a column header is pressed", async () => {
    const user = userEvent.setup();
    render(<LeaderboardTable candidates={parseLeaderboard(entries)} metric="roc_auc" />);
    const table = screen.getByRole("table", { name: "Leaderboard" });
    const rows = () => within(table).getAllByRole("row").slice(1);
    expect(rows()[0]).toHaveAttribute("data-best", "true");
    expect(within(must(rows()[0])).getByText("xgboost")).toBeInTheDocument();
    expect(within(must(rows()[0])).getByText("Best")).toBeInTheDocument();
    expect(within(must(rows()[0])).getByText(/± 0\.01/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "ROC AUC" }));
    expect(within(must(rows()[0])).getByText("extra_trees")).toBeInTheDocument();
    expect(screen.getByRole("columnheader", { name: "ROC AUC" })).toHaveAttribute("aria-sort", "ascending");

    await user.click(screen.getByRole("button", { name: "Fit time" }));
    expect(within(must(rows()[0])).getByText("linear")).toBeInTheDocument();
    expect(within(must(rows()[0])).getByText("50 ms")).toBeInTheDocument();
  });
});
