/**
 * RFC 9457 problem details as the Modelyard API renders them, and the one error
 * type every API call throws. Components show `detail` and `hint`; forms map
 * `errors[].loc` onto their fields.
 */
export interface ProblemFieldError {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface ProblemDetails {
  type?: string;
  title: string;
  status: number;
  detail?: string | null;
  code?: string | null;
  hint?: string | null;
  errors?: ProblemFieldError[] | null;
  request_id?: string | null;
}

/** Request parts that FastAPI puts first in a validation error's `loc`. */
const LOCATION_ROOTS = new Set(["body", "query", "path", "header", "cookie"]);

export class ApiProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | null;
  readonly code: string | null;
  readonly hint: string | null;
  readonly errors: ProblemFieldError[];
  readonly requestId: string | null;

  constructor(problem: ProblemDetails) {
    super(problem.detail || problem.title);
    this.name = "ApiProblem";
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail ?? null;
    this.code = problem.code ?? null;
    this.hint = problem.hint ?? null;
    this.errors = problem.errors ?? [];
    this.requestId = problem.request_id ?? null;
  }

  /** Builds a problem from any error response, even one that is not problem JSON. */
  static fromResponse(response: Response, body: unknown): ApiProblem {
    if (isProblemBody(body)) {
      return new ApiProblem({ ...body, status: body.status ?? response.status });
    }
    return new ApiProblem({
      title: response.statusText || `Request failed (${response.status})`,
      status: response.status,
      detail: fallbackDetail(response.status),
      hint: response.status >= 500 ? "Try again in a moment. If it keeps failing, contact your administrator." : null,
      request_id: response.headers.get("x-request-id"),
    });
  }

  /** Field-level messages keyed by dotted path without the request part, e.g. `{ email: "…" }`. */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const error of this.errors) {
      const path = error.loc.filter((part, index) => !(index === 0 && LOCATION_ROOTS.has(String(part))));
      const key = path.join(".");
      if (key && !(key in fields)) fields[key] = error.msg;
    }
    return fields;
  }
}

function isProblemBody(body: unknown): body is Omit<ProblemDetails, "status"> & { status?: number } {
  return typeof body === "object" && body !== null && "title" in body && typeof body.title === "string";
}

function fallbackDetail(status: number): string {
  if (status === 401) return "You are not signed in.";
  if (status === 403) return "You do not have permission to do that.";
  if (status === 404) return "That resource does not exist or is not shared with you.";
  if (status === 429) return "Too many requests.";
  if (status >= 500) return "The server could not complete the request.";
  return "The request could not be completed.";
}

/** Turns anything thrown by an API call (or the network) into an ApiProblem. */
export function toProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof DOMException && error.name === "AbortError") {
    return new ApiProblem({ title: "Request cancelled", status: 0, detail: "The request was cancelled." });
  }
  return new ApiProblem({
    title: "Cannot reach Modelyard",
    status: 0,
    detail: error instanceof Error ? error.message : "The network request failed.",
    hint: "Check your connection and that the Modelyard server is running, then try again.",
  });
}

export function isProblem(error: unknown, status?: number): error is ApiProblem {
  return error instanceof ApiProblem && (status === undefined || error.status === status);
}
