import { describe, expect, it } from "vitest";
import { assignableRoles, canManageMembers } from "./roles";

describe("workspace roles in the UI", () => {
  it("lets owners and admins manage members", () => {
    expect(canManageMembers("owner")).toBe(true);
    expect(canManageMembers("admin")).toBe(true);
    expect(canManageMembers("member")).toBe(false);
    expect(canManageMembers("viewer")).toBe(false);
  });

  it("only lets owners hand out the owner role", () => {
    expect(assignableRoles("owner")).toContain("owner");
    expect(assignableRoles("admin")).toEqual(["admin", "member", "viewer"]);
    expect(assignableRoles("viewer")).toEqual([]);
  });
});
