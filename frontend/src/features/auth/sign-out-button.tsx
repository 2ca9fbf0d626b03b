import { useNavigate } from "@tanstack/react-router";
import { LogOut } from "lucide-react";
import { Button } from "@/components/ui/button";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { useLogout } from "./queries";

export function SignOutButton() {
  const logout = useLogout();
  const navigate = useNavigate();
  const signOut = async () => {
    try {
      await logout.mutateAsync();
      notifySuccess("Signed out");
      await navigate({ to: "/login" });
    } catch (error) {
      notifyProblem(error, "Could not sign out");
    }
  };
  return (
    <Button variant="ghost" size="sm" onClick={signOut} pending={logout.isPending}>
      {!logout.isPending && <LogOut aria-hidden="true" />}
      Sign out
    </Button>
  );
}
