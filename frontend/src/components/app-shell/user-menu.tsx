import { useNavigate } from "@tanstack/react-router";
import { KeyRound, LogOut, Monitor, Moon, Sun, SunMoon } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useLogout } from "@/features/auth/queries";
import type { User } from "@/lib/api";
import { initials } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { type ThemePreference, useTheme } from "@/lib/theme";

export function UserMenu({ user, workspaceId }: { user: User; workspaceId: string }) {
  const navigate = useNavigate();
  const logout = useLogout();
  const { preference, setPreference } = useTheme();

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
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="rounded-full" aria-label={`Account menu for ${user.name || user.email}`} pending={logout.isPending}>
          {!logout.isPending && (
            <span aria-hidden="true" className="flex size-8 items-center justify-center rounded-full bg-primary/15 text-xs font-semibold text-primary">
              {initials(user.name || user.email)}
            </span>
          )}
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="w-60">
        <DropdownMenuLabel className="font-normal">
          <p className="truncate font-medium">{user.name}</p>
          <p className="truncate text-xs text-muted-foreground">{user.email}</p>
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuGroup>
          <DropdownMenuItem onSelect={() => void navigate({ to: "/w/$workspaceId/settings/api-keys", params: { workspaceId } })}>
            <KeyRound aria-hidden="true" />
            API keys
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => void navigate({ to: "/w/$workspaceId/settings/sessions", params: { workspaceId } })}>
            <Monitor aria-hidden="true" />
            Sessions
          </DropdownMenuItem>
          <DropdownMenuSub>
            <DropdownMenuSubTrigger>
              <SunMoon aria-hidden="true" />
              Theme
            </DropdownMenuSubTrigger>
            <DropdownMenuSubContent>
              <DropdownMenuRadioGroup value={preference} onValueChange={(value) => setPreference(value as ThemePreference)}>
                <DropdownMenuRadioItem value="light">
                  <Sun aria-hidden="true" /> Light
                </DropdownMenuRadioItem>
                <DropdownMenuRadioItem value="dark">
                  <Moon aria-hidden="true" /> Dark
                </DropdownMenuRadioItem>
                <DropdownMenuRadioItem value="system">
                  <Monitor aria-hidden="true" /> System
                </DropdownMenuRadioItem>
              </DropdownMenuRadioGroup>
            </DropdownMenuSubContent>
          </DropdownMenuSub>
        </DropdownMenuGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut()}>
          <LogOut aria-hidden="true" />
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
