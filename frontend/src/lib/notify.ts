import { toast } from "sonner";
import { toProblem } from "@/lib/api";

export function notifySuccess(message: string, description?: string): void {
  toast.success(message, description ? { description } : undefined);
}

/** An error toast that always shows the problem's detail and, when present, its hint. */
export function notifyProblem(error: unknown, action?: string): void {
  const problem = toProblem(error);
  const title = action ? `${action}: ${problem.detail ?? problem.title}` : (problem.detail ?? problem.title);
  const description = [problem.hint, problem.requestId ? `Request ID: ${problem.requestId}` : null].filter(Boolean).join("\n");
  toast.error(title, description ? { description } : undefined);
}
