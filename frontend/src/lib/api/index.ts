export { apiKeysApi, authApi, datasetsApi, trainingApi, workspacesApi } from "./endpoints";
export { ApiProblem, isProblem, toProblem } from "./problem";
export type { ProblemDetails, ProblemFieldError } from "./problem";
export type * from "./types";
