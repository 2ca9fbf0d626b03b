import { Link, type ErrorComponentProps, useRouter } from "@tanstack/react-router";
import { FileQuestion, TriangleAlert } from "lucide-react";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { isProblem } from "@/lib/api";

/** Error boundary for routes: problem detail and hint, plus a way forward. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const router = useRouter();
  if (isProblem(error, 404)) return <NotFound />;
  return (
    <div className="mx-auto grid max-w-lg gap-4 py-16" role="region" aria-label="Error">
      <div className="flex items-center gap-2 text-lg font-semibold">
        <TriangleAlert className="size-5 text-destructive" aria-hidden="true" />
        Something went wrong
      </div>
      <ProblemAlert error={error} />
      <div className="flex gap-2">
        <Button
          onClick={() => {
            reset();
            void router.invalidate();
          }}
        >
          Try again
        </Button>
        <Button variant="outline" asChild>
          <Link to="/">Go home</Link>
        </Button>
      </div>
    </div>
  );
}

export function NotFound() {
  return (
    <div className="mx-auto grid max-w-lg justify-items-center gap-3 py-16 text-center">
      <FileQuestion className="size-10 text-muted-foreground" aria-hidden="true" />
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-muted-foreground">It may have moved, or it belongs to a workspace you are not a member of.</p>
      <Button asChild>
        <Link to="/">Go to your workspaces</Link>
      </Button>
    </div>
  );
}

export function PageSkeleton() {
  return (
    <div className="grid gap-6" role="status" aria-label="Loading">
      <div className="grid gap-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-72 max-w-full" />
      </div>
      <Skeleton className="h-40 w-full rounded-xl" />
      <Skeleton className="h-64 w-full rounded-xl" />
    </div>
  );
}

export function FullPageSpinner() {
  return (
    <div className="flex min-h-dvh items-center justify-center p-6" role="status" aria-label="Loading">
      <div className="grid w-full max-w-sm gap-3">
        <Skeleton className="h-8 w-32" />
        <Skeleton className="h-48 w-full rounded-xl" />
      </div>
    </div>
  );
}
