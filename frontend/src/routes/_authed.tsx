import { createFileRoute, Outlet, redirect } from "@tanstack/react-router";
import { FullPageSpinner } from "@/components/route-status";
import { meQueryOptions } from "@/features/auth/queries";
import { isProblem } from "@/lib/api";

/** Everything below needs a signed-in user; anyone else is sent to sign in and back. */
export const Route = createFileRoute("/_authed")({
  beforeLoad: async ({ context, location }) => {
    try {
      const user = await context.queryClient.query(meQueryOptions());
      return { user };
    } catch (error) {
      if (isProblem(error, 401)) throw redirect({ to: "/login", search: { redirect: location.href } });
      throw error;
    }
  },
  // Pending here means a cold load (or another workspace): show the full-page skeleton only when it
  // is slow, since once shown it stays for the router's minimum (300 ms), after the data came.
  pendingMs: 600,
  pendingComponent: FullPageSpinner,
  component: Outlet,
});
