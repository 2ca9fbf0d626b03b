import { act, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { FakeXhr } from "@/test/fake-xhr";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { DatasetUploader } from "./dataset-uploader";
import { datasetKeys } from "./queries";
import { uploadPercent, useDatasetUploads } from "./use-dataset-uploads";

function Harness() {
  const uploads = useDatasetUploads("ws_1");
  return <DatasetUploader workspaceId="ws_1" uploads={uploads} />;
}

const created = {
  id: "ds_9",
  name: "churn",
  description: "",
  tags: [],
  created_at: "2026-03-01T00:00:00Z",
  updated_at: "2026-03-01T00:00:00Z",
  latest_version: null,
  version_created: true,
};

describe("DatasetUploader", () => {
  beforeEach(() => {
    FakeXhr.instances = [];
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
  });

  it("shows bytes sent, then processing, then the new dataset", async () => {
    stubApi({});
    const view = renderWithApp(<Harness />);
    view.queryClient.setQueryData(datasetKeys.all("ws_1"), { items: [], next_cursor: null });
    const file = new File(["x".repeat(2000)], "churn.csv", { type: "text/csv" });
    await view.user.upload(await screen.findByLabelText("Choose data files to upload"), file);

    const row = await screen.findByRole("listitem", { name: "Upload of churn.csv" });
    act(() => FakeXhr.latest().progress(1000, 2000));
    expect(within(row).getByRole("progressbar", { name: "Uploading churn.csv" })).toHaveAttribute("aria-valuenow", "50");
    expect(row).toHaveTextContent("50% · 1000 B of 2.0 KB");

    act(() => FakeXhr.latest().upload.onload?.(new ProgressEvent("load")));
    expect(within(row).getByRole("progressbar", { name: "Processing churn.csv" })).not.toHaveAttribute("aria-valuenow");

    act(() => FakeXhr.latest().respond(201, created));
    expect(await within(row).findByRole("link", { name: "Open dataset" })).toHaveAttribute("href", "/w/ws_1/datasets/ds_9");
    expect(await screen.findByText("Uploaded “churn”")).toBeInTheDocument();
    // The list is refreshed so it can follow the new version's profiling.
    expect(view.queryClient.getQueryState(datasetKeys.all("ws_1"))?.isInvalidated).toBe(true);
  });

  it("shows the problem and its hint when the server refuses the file", async () => {
    stubApi({});
    const view = renderWithApp(<Harness />);
    await view.user.upload(await screen.findByLabelText("Choose data files to upload"), new File(["\u0000"], "bad.csv"));
    act(() =>
      FakeXhr.latest().respond(422, problem(422, "unreadable_file", "bad.csv is not a table we can read.", { hint: "Save it as CSV (UTF-8) and try again." })),
    );
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("bad.csv is not a table we can read.");
    expect(alert).toHaveTextContent("Save it as CSV (UTF-8) and try again.");
    await view.user.click(screen.getByRole("button", { name: "Dismiss bad.csv" }));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("cancels an upload in flight", async () => {
    stubApi({});
    const view = renderWithApp(<Harness />);
    await view.user.upload(await screen.findByLabelText("Choose data files to upload"), new File(["abc"], "slow.csv"));
    await view.user.click(await screen.findByRole("button", { name: "Cancel upload of slow.csv" }));
    expect(FakeXhr.latest().aborted).toBe(true);
    expect(await screen.findByText("Upload cancelled.")).toBeInTheDocument();
  });

  it("uploads a dropped file", async () => {
    stubApi({});
    renderWithApp(<Harness />);
    const zone = await screen.findByTestId("dataset-dropzone");
    const file = new File(["a"], "dropped.csv");
    act(() => {
      zone.dispatchEvent(Object.assign(new Event("drop", { bubbles: true, cancelable: true }), { dataTransfer: { files: [file], dropEffect: "none" } }));
    });
    expect(await screen.findByRole("listitem", { name: "Upload of dropped.csv" })).toBeInTheDocument();
    expect(FakeXhr.instances).toHaveLength(1);
  });
});

describe("uploadPercent", () => {
  it("floors bytes sent and is complete once sent", () => {
    expect(uploadPercent({ loaded: 999, size: 1000, phase: "uploading" })).toBe(99);
    expect(uploadPercent({ loaded: 0, size: 0, phase: "uploading" })).toBe(0);
    expect(uploadPercent({ loaded: 10, size: 1000, phase: "processing" })).toBe(100);
  });
});
