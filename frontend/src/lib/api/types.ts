/**
 * The API's request and response types, generated from openapi.json, under the
 * names the web app uses. Regenerate with `npm run gen:api`.
 */
export type {
  ApiKeyCreated,
  ApiKeyCreateRequest,
  ApiKeyOut as ApiKey,
  ApiKeyScope,
  DatasetCreated,
  DatasetOut as Dataset,
  DatasetVersionOut as DatasetVersion,
  InvitationAccepted,
  InvitationCreate,
  InvitationCreated,
  InvitationOut as Invitation,
  LoginRequest,
  LoginResponse,
  MemberOut as Member,
  RegisterRequest,
  SampleDataset,
  TaskType,
  Role as WorkspaceRole,
  SessionOut as Session,
  UserOut as User,
  WorkspaceCreate,
  WorkspaceOut as Workspace,
  WorkspaceUpdate,
} from "./generated/types.gen";
