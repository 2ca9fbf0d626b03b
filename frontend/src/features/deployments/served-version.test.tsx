import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { deployment, page, revision, version, versionSummary } from "@/test/deployment-fixtures";
import { problem, stubApi } from "@/test/http";
import { renderWithApp } from "@/test/render";
import { rollbackTarget } from "./queries";
import { ServedVersion } from "./served-version";

const base = "/api/v1/workspaces/ws_1";

/** Deployment dep_1 served v1 (revision 1), then v2 was promoted (revision 2); v3 exists too. */
function servingV2(extra: Parameters<typeof stubApi>[0] = {}) {
  return stubApi({
    [`GET ${base}/model-versions/mv_2`]: { status: 200, body: version(2, { stage: "production" }) },
    [`GET ${base}/model-versions/mv_1`]: { status: 200, body: version(1) },
    [`GET ${base}/models/mdl_1/versions`]: {
      status: 200,
      body: page([versionSummary(1), versionSummary(2, { stage: "production" }), versionSummary(3, { stage: "staging", algorithm: "xgboost" })]),
    },
    [`GET ${base}/deployments/dep_1/revisions`]: {
      status: 200,
      body: [revision(2, "promote", "mv_2", "mv_1", "Better recall"), revision(1, "create", "mv_1", null)],
    },
    ...extra,
  });
}

describe("ServedVersion", () => {
  it("shows the served version, its score and the revisions with version numbers", async () => {
    servingV2();
    renderWithApp(<ServedVersion workspaceId="ws_1" deployment={deployment()} canWrite />);

    const served = await screen.findByTestId("served-version");
    expect(within(served).getByRole("link", { name: "Version 2" })).toBeInTheDocument();
    expect(within(served).getByText("Production")).toBeInTheDocument();
    expect(served).toHaveTextContent("0.81 ROC AUC (holdout)");
    const revisions = await screen.findByRole("list", { name: "Revisions" });
    await waitFor(() => expect(revisions).toHaveTextContent("Revision 2 · Promoted version 2 (was version 1) · current"));
    expect(revisions).toHaveTextContent("Revision 1 · Deployed version 1");
    expect(revisions).toHaveTextContent("“Better recall”");
  });

  it("promotes another version of the model with a comment, then refreshes the revisions", async () => {
    const { requests } = servingV2({
      [`POST ${base}/deployments/dep_1/promote`]: { status: 200, body: deployment({ model_version_id: "mv_3", revision: 3 }) },
    });
    const view = renderWithApp(<ServedVersion workspaceId="ws_1" deployment={deployment()} canWrite />);
    await screen.findByTestId("served-version");

    await view.user.click(screen.getByRole("button", { name: "Promote a version" }));
    const dialog = await screen.findByRole("dialog", { name: "Promote a version" });
    expect(dialog).toHaveTextContent("Titanic pilot serves version 2 now.");
    // The served version is not offered; the newest other one is preselected.
    const radios = await within(dialog).findAllByRole("radio");
    expect(radios.map((radio) => radio.closest("label")?.textContent)).toEqual([
      expect.stringMatching(/^Version 3Staging0\.82 ROC AUC \(holdout\) · xgboost/),
      expect.stringMatching(/^Version 1No stage0\.8 ROC AUC \(holdout\) · lightgbm/),
    ]);
    expect(within(dialog).getByRole("radio", { name: /Version 3/ })).toBeChecked();
    await view.user.type(within(dialog).getByLabelText("Comment (optional)"), "  New data  ");
    await view.user.click(within(dialog).getByRole("button", { name: "Promote version 3" }));

    await waitFor(() => expect(requests.find((request) => request.method === "POST")?.body).toEqual({ model_version_id: "mv_3", comment: "New data" }));
    expect(await screen.findByText("Now serving version 3")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const revisionReads = () => requests.filter((request) => request.method === "GET" && request.path === `${base}/deployments/dep_1/revisions`).length;
    await waitFor(() => expect(revisionReads()).toBe(2));
  });

  it("shows the problem and its hint when the server refuses the promotion", async () => {
    servingV2({
      [`POST ${base}/deployments/dep_1/promote`]: {
        status: 409,
        body: problem(409, "model_not_servable", "The model version has no usable scoring artifact.", { hint: "Deploy a version produced by a finished training job." }),
      },
    });
    const view = renderWithApp(<ServedVersion workspaceId="ws_1" deployment={deployment()} canWrite />);

    await view.user.click(await screen.findByRole("button", { name: "Promote a version" }));
    const dialog = await screen.findByRole("dialog", { name: "Promote a version" });
    await view.user.click(await within(dialog).findByRole("radio", { name: /Version 1/ }));
    await view.user.click(within(dialog).getByRole("button", { name: "Promote version 1" }));

    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("The model version has no usable scoring artifact.");
    expect(alert).toHaveTextContent("Deploy a version produced by a finished training job.");
    expect(screen.getByRole("dialog", { name: "Promote a version" })).toBeInTheDocument();
  });

  it("says how to get another version when the model has only the served one", async () => {
    servingV2({ [`GET ${base}/models/mdl_1/versions`]: { status: 200, body: page([versionSummary(2)]) } });
    const view = renderWithApp(<ServedVersion workspaceId="ws_1" deployment={deployment()} canWrite />);
    await view.user.click(await screen.findByRole("button", { name: "Promote a version" }));
    const dialog = await screen.findByRole("dialog", { name: "Promote a version" });
    expect(await within(dialog).findByText(/This model has no other version yet/)).toBeInTheDocument();
    expect(within(dialog).getByRole("link", { name: "open the model" })).toHaveAttribute("href", "/w/ws_1/models/mdl_1");
  });

  it("rolls back to the version the current revision replaced, after a confirmation naming it", async () => {
    const { requests } = servingV2({
      [`POST ${base}/deployments/dep_1/rollback`]: { status: 200, body: deployment({ model_version_id: "mv_1", revision: 3 }) },
    });
    const view = renderWithApp(<ServedVersion workspaceId="ws_1" deployment={deployment()} canWrite />);

    // Enabled once the revisions are read; named once the model's versions are.
    await screen.findByTestId("served-version");
    await screen.findByText(/\(was version 1\)/);
    const button = screen.getByRole("button", { name: "Roll back" });
    expect(button).toBeEnabled();
    await view.user.click(button);
    const dialog = await screen.findByRole("alertdialog", { name: "Roll back to version 1?" });
    expect(dialog).toHaveTextContent("Titanic pilot stops serving version 2 and serves version 1 again");
    await view.user.type(within(dialog).getByLabelText("Comment (optional)"), "Latency regression");
    await view.user.click(within(dialog).getByRole("button", { name: "Roll back to version 1" }));

    await waitFor(() => expect(requests.find((request) => request.method === "POST")?.path).toBe(`${base}/deployments/dep_1/rollback`));
    expect(requests.find((request) => request.method === "POST")?.body).toEqual({ comment: "Latency regression" });
    expect(await screen.findByText("Rolled back to version 1")).toBeInTheDocument();
  });

  it("keeps the dialog open with the problem when there is nothing to roll back to", async () => {
    servingV2({
      [`POST ${base}/deployments/dep_1/rollback`]: {
        status: 409,
        body: problem(409, "nothing_to_roll_back", "The deployment has no earlier version to go back to.", { hint: "Promote a version explicitly." }),
      },
    });
    const view = renderWithApp(<ServedVersion workspaceId="ws_1" deployment={deployment()} canWrite />);
    // Enabled once the revisions are read; named once the model's versions are.
    await screen.findByTestId("served-version");
    await screen.findByText(/\(was version 1\)/);
    const button = screen.getByRole("button", { name: "Roll back" });
    expect(button).toBeEnabled();
    await view.user.click(button);
    const dialog = await screen.findByRole("alertdialog");
    await view.user.click(within(dialog).getByRole("button", { name: "Roll back to version 1" }));
    const alert = await within(dialog).findByRole("alert");
    expect(alert).toHaveTextContent("The deployment has no earlier version to go back to.");
    expect(alert).toHaveTextContent("Promote a version explicitly.");
  });

  it("disables Roll back on a first revision and hides both actions from viewers", async () => {
    stubApi({
      [`GET ${base}/model-versions/mv_1`]: { status: 200, body: version(1) },
      [`GET ${base}/models/mdl_1/versions`]: { status: 200, body: page([versionSummary(1)]) },
      [`GET ${base}/deployments/dep_1/revisions`]: { status: 200, body: [revision(1, "create", "mv_1", null)] },
    });
    const first = deployment({ model_version_id: "mv_1", revision: 1 });
    const view = renderWithApp(<ServedVersion workspaceId="ws_1" deployment={first} canWrite />);
    await screen.findByRole("list", { name: "Revisions" });
    expect(screen.getByRole("button", { name: "Roll back" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Roll back" })).toHaveAccessibleDescription(/Nothing to roll back to/);
    view.unmount();

    renderWithApp(<ServedVersion workspaceId="ws_1" deployment={first} canWrite={false} />);
    await screen.findByRole("list", { name: "Revisions" });
    expect(screen.queryByRole("button", { name: "Promote a version" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Roll back" })).not.toBeInTheDocument();
  });
});

describe("rollbackTarget", () => {
  it("is the version the current revision replaced", () => {
    const revisions = [revision(3, "rollback", "mv_1", "mv_2"), revision(2, "promote", "mv_2", "mv_1"), revision(1, "create", "mv_1", null)];
    expect(rollbackTarget({ revision: 3 }, revisions)).toBe("mv_2");
    expect(rollbackTarget({ revision: 2 }, revisions)).toBe("mv_1");
    expect(rollbackTarget({ revision: 1 }, revisions)).toBeNull();
    expect(rollbackTarget({ revision: 4 }, revisions)).toBeNull();
  });
});
