/**
 * Every Modelyard API call the web app makes, over the client generated from
 * openapi.json. Features import these (through `@/lib/api`), never `fetch`.
 */
import "./client";
import * as sdk from "./generated/sdk.gen";
import type {
  ApiKeyCreateRequest,
  InvitationCreate,
  LoginRequest,
  RegisterRequest,
  TrainingJobCreate,
  WorkspaceCreate,
  WorkspaceUpdate,
  WorkspaceRole,
} from "./types";

type Signal = { signal?: AbortSignal };

/** SDK calls run with `throwOnError`, so a resolved call always carries its data. */
async function data<T>(call: Promise<{ data: T }>): Promise<T> {
  return (await call).data;
}

/** For 204 responses: the client parses an empty body as `{}`, which callers must not see. */
async function done(call: Promise<unknown>): Promise<undefined> {
  await call;
  return undefined;
}

const t = { throwOnError: true } as const;

export const authApi = {
  register: (body: RegisterRequest) => data(sdk.authRegister({ ...t, body })),
  login: (body: LoginRequest) => data(sdk.authLogin({ ...t, body })),
  logout: () => done(sdk.authLogout({ ...t })),
  me: ({ signal }: Signal = {}) => data(sdk.usersMe({ ...t, signal })),
  listSessions: ({ signal }: Signal = {}) => data(sdk.authListSessions({ ...t, signal })),
  revokeSession: (sessionId: string) => done(sdk.authRevokeSession({ ...t, path: { session_id: sessionId } })),
};

export const apiKeysApi = {
  list: ({ signal }: Signal = {}) => data(sdk.apiKeysList({ ...t, signal })),
  create: (body: ApiKeyCreateRequest) => data(sdk.apiKeysCreate({ ...t, body })),
  revoke: (keyId: string) => done(sdk.apiKeysRevoke({ ...t, path: { api_key_id: keyId } })),
};

export const datasetsApi = {
  list: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.datasetsList({ ...t, signal, path: { workspace_id: workspaceId } })),
  listSamples: ({ signal }: Signal = {}) => data(sdk.sampleDatasetsList({ ...t, signal })),
  importSample: (workspaceId: string, name: string) =>
    data(sdk.sampleDatasetsImport({ ...t, path: { workspace_id: workspaceId, name } })),
  get: (workspaceId: string, datasetId: string, { signal }: Signal = {}) =>
    data(sdk.datasetsGet({ ...t, signal, path: { workspace_id: workspaceId, dataset_id: datasetId } })),
  remove: (workspaceId: string, datasetId: string) =>
    done(sdk.datasetsDelete({ ...t, path: { workspace_id: workspaceId, dataset_id: datasetId } })),
  listVersions: (workspaceId: string, datasetId: string, { signal }: Signal = {}) =>
    data(sdk.datasetsListVersions({ ...t, signal, path: { workspace_id: workspaceId, dataset_id: datasetId }, query: { limit: 200 } })),
  getVersion: (workspaceId: string, versionId: string, { signal }: Signal = {}) =>
    data(sdk.datasetsGetVersion({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId } })),
  getProfile: (workspaceId: string, versionId: string, { signal }: Signal = {}) =>
    data(sdk.datasetsGetProfile({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId } })),
  previewRows: (workspaceId: string, versionId: string, query: { offset?: number; limit?: number } = {}, { signal }: Signal = {}) =>
    data(sdk.datasetsPreviewRows({ ...t, signal, path: { workspace_id: workspaceId, version_id: versionId }, query })),
  /** Same-origin GET: a plain link downloads it with the session cookie. */
  downloadUrl: (workspaceId: string, versionId: string) =>
    `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/dataset-versions/${encodeURIComponent(versionId)}/download`,
};

export const trainingApi = {
  list: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.trainingJobsList({ ...t, signal, path: { workspace_id: workspaceId }, query: { limit: 100 } })),
  get: (workspaceId: string, jobId: string, { signal }: Signal = {}) =>
    data(sdk.trainingJobsGet({ ...t, signal, path: { workspace_id: workspaceId, job_id: jobId } })),
  create: (workspaceId: string, body: TrainingJobCreate) =>
    data(sdk.trainingJobsCreate({ ...t, body, path: { workspace_id: workspaceId } })),
  cancel: (workspaceId: string, jobId: string) =>
    data(sdk.trainingJobsCancel({ ...t, path: { workspace_id: workspaceId, job_id: jobId } })),
  /** Server-Sent Events (state, progress, trial, log); read with EventSource, not the client. */
  eventsUrl: (workspaceId: string, jobId: string) =>
    `/api/v1/workspaces/${encodeURIComponent(workspaceId)}/training-jobs/${encodeURIComponent(jobId)}/events`,
};

export const workspacesApi = {
  list: ({ signal }: Signal = {}) => data(sdk.workspacesList({ ...t, signal })),
  get: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.workspacesGet({ ...t, signal, path: { workspace_id: workspaceId } })),
  create: (body: WorkspaceCreate) => data(sdk.workspacesCreate({ ...t, body })),
  update: (workspaceId: string, body: WorkspaceUpdate) =>
    data(sdk.workspacesUpdate({ ...t, body, path: { workspace_id: workspaceId } })),
  remove: (workspaceId: string) => done(sdk.workspacesDelete({ ...t, path: { workspace_id: workspaceId } })),
  leave: (workspaceId: string) => done(sdk.workspacesLeave({ ...t, path: { workspace_id: workspaceId } })),
  listMembers: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.membersList({ ...t, signal, path: { workspace_id: workspaceId } })),
  updateMember: (workspaceId: string, userId: string, body: { role: WorkspaceRole }) =>
    data(sdk.membersUpdate({ ...t, body, path: { workspace_id: workspaceId, user_id: userId } })),
  removeMember: (workspaceId: string, userId: string) =>
    done(sdk.membersRemove({ ...t, path: { workspace_id: workspaceId, user_id: userId } })),
  listInvitations: (workspaceId: string, { signal }: Signal = {}) =>
    data(sdk.invitationsList({ ...t, signal, path: { workspace_id: workspaceId } })),
  createInvitation: (workspaceId: string, body: InvitationCreate) =>
    data(sdk.invitationsCreate({ ...t, body, path: { workspace_id: workspaceId } })),
  revokeInvitation: (workspaceId: string, invitationId: string) =>
    done(sdk.invitationsRevoke({ ...t, path: { workspace_id: workspaceId, invitation_id: invitationId } })),
  acceptInvitation: (token: string) => data(sdk.invitationsAccept({ ...t, path: { token } })),
};
