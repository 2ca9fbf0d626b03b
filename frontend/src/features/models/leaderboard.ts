import { greaterIsBetter } from "./metrics";

export interface Candidate {
  id: number;
  algorithm: string;
  score: number | null;
  scoreStd: number | null;
  fitSeconds: number | null;
  phase: string;
  params: Record<string, unknown>;
}

export type LeaderboardSortKey = "score" | "algorithm" | "fitSeconds";
export interface LeaderboardSort {
  key: LeaderboardSortKey;
  /** "best" puts the best score (or a–z, or the fastest) first. */
  order: "best" | "worst";
}

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The registry stores leaderboard entries as free JSON; read them defensively. */
export function parseLeaderboard(entries: readonly Record<string, unknown>[]): Candidate[] {
  return entries.map((entry, index) => ({
    id: num(entry.candidate_id) ?? index,
    algorithm: typeof entry.algorithm === "string" ? entry.algorithm : "unknown",
    score: num(entry.score),
    scoreStd: num(entry.score_std),
    fitSeconds: num(entry.fit_seconds),
    phase: typeof entry.phase === "string" ? entry.phase : "",
    params: typeof entry.params === "object" && entry.params !== null ? (entry.params as Record<string, unknown>) : {},
  }));
}

/** Compares scores so that the better one sorts first; missing scores always last. */
export function compareScores(a: number | null, b: number | null, metric: string): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return greaterIsBetter(metric) ? b - a : a - b;
}

export function bestCandidate(candidates: readonly Candidate[], metric: string): Candidate | undefined {
  return [...candidates].sort((a, b) => compareScores(a.score, b.score, metric))[0];
}

export function sortLeaderboard(candidates: readonly Candidate[], metric: string, sort: LeaderboardSort): Candidate[] {
  const sign = sort.order === "best" ? 1 : -1;
  const byKey = (a: Candidate, b: Candidate): number => {
    if (sort.key === "algorithm") return a.algorithm.localeCompare(b.algorithm);
    if (sort.key === "fitSeconds") return (a.fitSeconds ?? Infinity) - (b.fitSeconds ?? Infinity);
    return compareScores(a.score, b.score, metric);
  };
  // Ties fall back to the best score, then the candidate id, so the order is stable.
  return [...candidates].sort((a, b) => sign * byKey(a, b) || compareScores(a.score, b.score, metric) || a.id - b.id);
}
