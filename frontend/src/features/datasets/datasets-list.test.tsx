import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Dataset } from "@/lib/api";
import { renderWithApp } from "@/test/render";
import { DatasetsList } from "./datasets-list";
import { isProfiling } from "./queries";

const version = {
  id: "dv_1",
  dataset_id: "ds_1",
  number: 1,
  original_filename: "titanic.csv",
  original_sha256: "abc",
  original_size: 1000,
  format: "csv",
  rows: 891,
  column_count: 12,
  column_names: [],
  ingest_details: {},
  profile_status: "running",
  profile_progress: 0.4,
  profile_error: null,
  created_at: "2026-03-01T00:00:00Z",
};
const dataset: Dataset = {
  id: "ds_1",
  name: "Titanic passengers",
  description: "",
  tags: [],
  created_at: "2026-03-01T00:00:00Z",
  updated_at: "2026-03-01T00:00:00Z",
  latest_version: version,
};

describe("DatasetsList", () => {
  it("links each dataset and shows size and live profiling progress", async () => {
    renderWithApp(<DatasetsList datasets={[dataset]} workspaceId="ws_1" />);
    expect(await screen.findByRole("link", { name: "Titanic passengers" })).toHaveAttribute("href", "/w/ws_1/datasets/ds_1");
    expect(screen.getByText("891")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Profiling" })).toHaveAttribute("aria-valuenow", "40");
    expect(isProfiling(dataset)).toBe(true);
  });

  it("marks finished and failed profiles", async () => {
    renderWithApp(
      <DatasetsList
        workspaceId="ws_1"
        datasets={[
          { ...dataset, id: "a", latest_version: { ...version, profile_status: "ready", profile_progress: 1 } },
          { ...dataset, id: "b", latest_version: { ...version, profile_status: "failed", profile_error: "bad file" } },
        ]}
      />,
    );
    expect(await screen.findByText("Profiled")).toBeInTheDocument();
    expect(screen.getByText("Profiling failed")).toHaveAttribute("title", "bad file");
    expect(isProfiling({ ...dataset, latest_version: { ...version, profile_status: "ready" } })).toBe(false);
  });
});
