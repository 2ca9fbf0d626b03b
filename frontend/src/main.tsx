import { QueryClientProvider } from "@tanstack/react-query";
import { RouterProvider } from "@tanstack/react-router";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { Toaster } from "@/components/ui/sonner";
import { meQueryOptions } from "@/features/auth/queries";
import { createQueryClient, ignoreError } from "@/lib/query-client";
import { ThemeProvider } from "@/lib/theme";
import { createAppRouter } from "./router";
import "./styles.css";

const queryClient = createQueryClient({
  onUnauthorized: () => {
    queryClient.clear();
    const { pathname, search } = window.location;
    void router.navigate({ to: "/login", search: { redirect: `${pathname}${search}` } });
  },
});
// Every first route (signed in or not) starts by asking who the user is: ask before the router
// and its route chunks are ready (index.html preloads the response, so this often finds it there).
void queryClient.query(meQueryOptions()).catch(ignoreError);
const router = createAppRouter(queryClient);

const root = document.getElementById("root");
if (!root) throw new Error("index.html must contain #root");

createRoot(root).render(
  <StrictMode>
    <ThemeProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
        <Toaster position="bottom-right" />
      </QueryClientProvider>
    </ThemeProvider>
  </StrictMode>,
);
