import { Link } from "@tanstack/react-router";
import { Menu } from "lucide-react";
import { useState } from "react";
import type * as React from "react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetDescription, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { WorkspaceSwitcher } from "@/features/workspaces/workspace-switcher";
import type { User, Workspace } from "@/lib/api";
import { NavLinks } from "./nav-links";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

export function Logo() {
  return (
    <span className="flex items-center gap-2 font-semibold tracking-tight">
      <svg viewBox="0 0 32 32" className="size-6" aria-hidden="true">
        <rect width="32" height="32" rx="8" className="fill-primary" />
        <path d="M8 22V10l8 7 8-7v12" fill="none" className="stroke-primary-foreground" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      Modelyard
    </span>
  );
}

interface AppShellProps {
  user: User;
  workspace: Workspace;
  children: React.ReactNode;
}

/** Sidebar on desktop, a top bar with a slide-in navigation sheet below the md breakpoint. */
export function AppShell({ user, workspace, children }: AppShellProps) {
  const [mobileNavOpen, setMobileNavOpen] = useState(false);
  return (
    <div className="flex min-h-dvh">
      <a href="#main" className="sr-only z-50 rounded-md bg-background px-4 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2">
        Skip to content
      </a>
      <aside className="hidden w-64 shrink-0 flex-col gap-4 border-r bg-sidebar p-3 md:flex" aria-label="Sidebar">
        <Link to="/w/$workspaceId" params={{ workspaceId: workspace.id }} className="rounded-md px-2 py-1">
          <Logo />
        </Link>
        <WorkspaceSwitcher current={workspace} />
        <NavLinks workspaceId={workspace.id} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b bg-background/90 px-3 backdrop-blur sm:px-6">
          <Sheet open={mobileNavOpen} onOpenChange={setMobileNavOpen}>
            <SheetTrigger asChild>
              <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open navigation">
                <Menu aria-hidden="true" />
              </Button>
            </SheetTrigger>
            <SheetContent side="left" className="p-3">
              <SheetTitle className="px-2 pt-1">
                <Logo />
              </SheetTitle>
              <SheetDescription className="sr-only">Switch workspace and navigate</SheetDescription>
              <WorkspaceSwitcher current={workspace} />
              <NavLinks workspaceId={workspace.id} onNavigate={() => setMobileNavOpen(false)} />
            </SheetContent>
          </Sheet>
          <p className="truncate font-medium md:hidden">{workspace.name}</p>
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            <UserMenu user={user} workspaceId={workspace.id} />
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 outline-none sm:px-6 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
