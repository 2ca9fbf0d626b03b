import { AlertCircle } from "lucide-react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { toProblem } from "@/lib/api";

/** Shows an API problem in place: its detail, its hint and the request id for support. */
export function ProblemAlert({ error, className }: { error: unknown; className?: string }) {
  if (!error) return null;
  const problem = toProblem(error);
  return (
    <Alert variant="destructive" className={className}>
      <AlertCircle aria-hidden="true" />
      <AlertTitle>{problem.detail ?? problem.title}</AlertTitle>
      {(problem.hint || problem.requestId) && (
        <AlertDescription>
          {problem.hint && <p>{problem.hint}</p>}
          {problem.requestId && <p className="font-mono text-xs opacity-80">Request ID: {problem.requestId}</p>}
        </AlertDescription>
      )}
    </Alert>
  );
}
