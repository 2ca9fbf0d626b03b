import { client } from "./generated/client.gen";
import { withCsrfHeader } from "./csrf";
import { ApiProblem, toProblem } from "./problem";

/**
 * Configures the generated client once: same-origin cookies, the CSRF header on
 * mutations, and every failure (HTTP or network) thrown as an ApiProblem.
 */
client.setConfig({
  // The API always lives on the page's origin, even when assets come from a CDN.
  baseUrl: window.location.origin,
  credentials: "same-origin",
  headers: { Accept: "application/json, application/problem+json" },
});

client.interceptors.request.use((request) => {
  withCsrfHeader(request.method, request.headers);
  return request;
});

// On network failures the client calls this without a response, despite its types.
client.interceptors.error.use((error, response: Response | undefined) =>
  response ? ApiProblem.fromResponse(response, error) : toProblem(error),
);

export { client };
