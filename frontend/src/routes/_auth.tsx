import { createFileRoute, Outlet, redirect } from "@tanstack/react-router";
import { Logo } from "@/components/app-shell/app-shell";
import { ThemeToggle } from "@/components/app-shell/theme-toggle";
import { meQueryOptions } from "@/features/auth/queries";
import { safeRedirect } from "@/lib/safe-redirect";

interface AuthSearch {
  redirect?: string | undefined;
}

/** Centered layout for signing in and up; already signed-in users go straight on. */
export const Route = createFileRoute("/_auth")({
  validateSearch: (search: Record<string, unknown>): AuthSearch => ({
    redirect: typeof search.redirect === "string" ? search.redirect : undefined,
  }),
  beforeLoad: async ({ context, search }) => {
    const user = await context.queryClient.query(meQueryOptions()).catch(() => null);
    if (user) throw redirect({ to: safeRedirect(search.redirect) });
  },
  component: AuthLayout,
});

function AuthLayout() {
  return (
    <div className="flex min-h-dvh flex-col bg-muted/40">
      <header className="flex items-center justify-between p-4">
        <Logo />
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-6 pb-16 sm:items-center sm:pt-0">
        <Outlet />
      </main>
    </div>
  );
}
