import { screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { Button } from "@/components/ui/button";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { DeleteDatasetDialog } from "./delete-dataset-dialog";

describe("DeleteDatasetDialog", () => {
  it("keeps the dialog open with the 409 message naming the models, and its hint", async () => {
    stubApi({
      "DELETE /api/v1/workspaces/ws_1/datasets/ds_1": {
        status: 409,
        body: problem(409, "dataset_in_use", "1 model version(s) were trained on this dataset: Titanic: survived.", {
          hint: "Delete or archive the models listed in `dependents` first.",
        }),
      },
    });
    const onDeleted = vi.fn();
    const view = renderWithApp(<DeleteDatasetDialog workspaceId="ws_1" datasetId="ds_1" datasetName="Titanic" onDeleted={onDeleted} trigger={<Button>Delete</Button>} />);
    await view.user.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete “Titanic”?" });
    await view.user.click(within(dialog).getByRole("button", { name: "Delete dataset" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("1 model version(s) were trained on this dataset: Titanic: survived.");
    expect(alert).toHaveTextContent("Delete or archive the models listed in `dependents` first.");
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it("deletes, tells so and hands over", async () => {
    const { requests } = stubApi({ "DELETE /api/v1/workspaces/ws_1/datasets/ds_1": { status: 204 } });
    const onDeleted = vi.fn();
    const view = renderWithApp(<DeleteDatasetDialog workspaceId="ws_1" datasetId="ds_1" datasetName="Titanic" onDeleted={onDeleted} trigger={<Button>Delete</Button>} />);
    await view.user.click(await screen.findByRole("button", { name: "Delete" }));
    await view.user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Delete dataset" }));
    expect(await screen.findByText("Dataset “Titanic” deleted")).toBeInTheDocument();
    expect(onDeleted).toHaveBeenCalledOnce();
    expect(requests.map((r) => r.method)).toEqual(["DELETE"]);
  });
});
