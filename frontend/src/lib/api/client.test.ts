import { describe, expect, it } from "vitest";
import { problem, stubApi } from "@/test/http";
import { apiKeysApi, authApi, workspacesApi } from "./endpoints";
import { ApiProblem } from "./problem";

describe("the configured API client", () => {
  it("sends the CSRF cookie value as X-CSRF-Token on mutations", async () => {
    document.cookie = "modelyard_csrf=tok%2Fen-123; path=/";
    const { requests } = stubApi({ "POST /api/v1/workspaces": { status: 201, body: { id: "ws_1" } } });

    const created = await workspacesApi.create({ name: "Lab" });

    expect(created).toEqual({ id: "ws_1" });
    expect(requests[0]?.headers.get("X-CSRF-Token")).toBe("tok/en-123");
    expect(requests[0]?.headers.get("Content-Type")).toBe("application/json");
    expect(requests[0]?.body).toEqual({ name: "Lab" });
  });

  it("does not send the CSRF header on reads", async () => {
    document.cookie = "modelyard_csrf=abc; path=/";
    const { requests } = stubApi({ "GET /api/v1/api-keys": { status: 200, body: { items: [], next_cursor: null } } });

    await expect(apiKeysApi.list()).resolves.toEqual({ items: [], next_cursor: null });
    expect(requests[0]?.headers.has("X-CSRF-Token")).toBe(false);
    expect(requests[0]?.credentials).toBe("same-origin");
  });

  it("fills path parameters and resolves 204 responses to undefined", async () => {
    const { requests } = stubApi({ "DELETE /api/v1/workspaces/ws%201/members/usr_2": { status: 204 } });
    await expect(workspacesApi.removeMember("ws 1", "usr_2")).resolves.toBeUndefined();
    expect(requests[0]?.method).toBe("DELETE");
  });

  it("throws an ApiProblem carrying detail and hint", async () => {
    stubApi({
      "POST /api/v1/auth/login": {
        status: 401,
        body: problem(401, "invalid_credentials", "Email or password is wrong.", { hint: "Check both and try again." }),
      },
    });

    const error: unknown = await authApi.login({ email: "a@b.c", password: "x" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 401, code: "invalid_credentials", detail: "Email or password is wrong.", hint: "Check both and try again." });
  });

  it("turns network failures into a problem with a hint", async () => {
    stubApi({ "GET /api/v1/users/me": () => Promise.reject(new TypeError("Failed to fetch")) });
    const error: unknown = await authApi.me().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect(error).toMatchObject({ status: 0, title: "Cannot reach Modelyard" });
  });
});
