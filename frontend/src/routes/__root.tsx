import { createRootRouteWithContext, HeadContent, Outlet } from "@tanstack/react-router";
import { NotFound } from "@/components/route-status";
import type { RouterContext } from "@/router";

export const Route = createRootRouteWithContext<RouterContext>()({
  head: () => ({ meta: [{ title: "Modelyard" }] }),
  component: Root,
  notFoundComponent: NotFound,
});

function Root() {
  return (
    <>
      <HeadContent />
      <Outlet />
    </>
  );
}
