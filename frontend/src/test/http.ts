import { vi } from "vitest";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  credentials: RequestCredentials;
  body: unknown;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

/**
 * Stubs `fetch` at the HTTP boundary with handlers keyed by "METHOD /path".
 * Unmatched requests answer 404 problem JSON, as the real API would.
 */
export function stubApi(handlers: Record<string, Handler | Reply>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input instanceof Request ? input : new URL(input, "http://localhost"), init);
    const url = new URL(request.url);
    const text = await request.text();
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname + url.search,
      headers: request.headers,
      credentials: request.credentials,
      body: text ? JSON.parse(text) : undefined,
    };
    requests.push(recorded);
    const handler = handlers[`${request.method} ${url.pathname}`];
    const reply: Reply = handler
      ? typeof handler === "function"
        ? await handler(recorded)
        : handler
      : { status: 404, body: problem(404, "not_found", "Not found") };
    const body = reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(body, {
      status: reply.status,
      headers: { "Content-Type": reply.status >= 400 ? "application/problem+json" : "application/json", ...reply.headers },
    });
  });
  vi.stubGlobal("fetch", fetchMock);
  return { requests, fetchMock };
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return { type: `https://modelyard.dev/problems/${code}`, title: detail, status, detail, code, request_id: "req_test", ...extra };
}
