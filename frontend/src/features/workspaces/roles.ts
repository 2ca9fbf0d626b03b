import type { WorkspaceRole } from "@/lib/api";

export const ROLES: readonly WorkspaceRole[] = ["owner", "admin", "member", "viewer"];

export const ROLE_LABELS: Record<WorkspaceRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  viewer: "Viewer",
};

export const ROLE_DESCRIPTIONS: Record<WorkspaceRole, string> = {
  owner: "Full control, including deleting the workspace",
  admin: "Manage members, settings and all resources",
  member: "Upload data, train and deploy models",
  viewer: "Read-only access",
};

/**
 * What the UI offers; the server's permission matrix (authz/) stays the authority
 * and its 403/404 problems are shown when it disagrees.
 */
export function canManageMembers(role: WorkspaceRole): boolean {
  return role === "owner" || role === "admin";
}

/** Roles an actor may hand out: only owners create owners. */
export function assignableRoles(actor: WorkspaceRole): WorkspaceRole[] {
  if (actor === "owner") return [...ROLES];
  if (actor === "admin") return ["admin", "member", "viewer"];
  return [];
}
