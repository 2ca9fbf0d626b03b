import { describe, expect, it } from "vitest";
import { ApiProblem, isProblem, toProblem } from "./problem";

describe("ApiProblem", () => {
  it("reads an RFC 9457 problem response", () => {
    const response = new Response(null, { status: 409 });
    const problem = ApiProblem.fromResponse(response, {
      type: "https://modelyard.dev/problems/email_taken",
      title: "Email already registered",
      status: 409,
      detail: "An account with this email already exists.",
      code: "email_taken",
      hint: "Sign in instead, or reset your password.",
      request_id: "req_123",
    });
    expect(problem).toBeInstanceOf(Error);
    expect(problem.status).toBe(409);
    expect(problem.code).toBe("email_taken");
    expect(problem.message).toBe("An account with this email already exists.");
    expect(problem.hint).toBe("Sign in instead, or reset your password.");
    expect(problem.requestId).toBe("req_123");
  });

  it("falls back to a useful message for non-problem bodies", () => {
    const response = new Response("<html>Bad gateway</html>", {
      status: 502,
      statusText: "Bad Gateway",
      headers: { "x-request-id": "req_gw" },
    });
    const problem = ApiProblem.fromResponse(response, undefined);
    expect(problem.status).toBe(502);
    expect(problem.title).toBe("Bad Gateway");
    expect(problem.detail).toBe("The server could not complete the request.");
    expect(problem.hint).toMatch(/try again/i);
    expect(problem.requestId).toBe("req_gw");
  });

  it("maps validation error locations to form field names", () => {
    const problem = new ApiProblem({
      title: "Invalid request",
      status: 422,
      errors: [
        { loc: ["body", "email"], msg: "value is not a valid email address", type: "value_error" },
        { loc: ["body", "email"], msg: "second message is ignored", type: "value_error" },
        { loc: ["body", "members", 0, "role"], msg: "invalid role", type: "enum" },
        { loc: ["query", "limit"], msg: "too large", type: "less_than_equal" },
        { loc: ["body"], msg: "whole body is wrong", type: "model" },
      ],
    });
    expect(problem.fieldErrors()).toEqual({
      email: "value is not a valid email address",
      "members.0.role": "invalid role",
      limit: "too large",
    });
  });
});

describe("toProblem", () => {
  it("wraps network failures with a recovery hint", () => {
    const problem = toProblem(new TypeError("Failed to fetch"));
    expect(problem.status).toBe(0);
    expect(problem.title).toBe("Cannot reach Modelyard");
    expect(problem.hint).toMatch(/connection/);
  });

  it("passes problems through untouched", () => {
    const original = new ApiProblem({ title: "Nope", status: 403 });
    expect(toProblem(original)).toBe(original);
    expect(isProblem(original, 403)).toBe(true);
    expect(isProblem(original, 404)).toBe(false);
  });
});
