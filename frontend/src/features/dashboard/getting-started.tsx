import { CheckCircle2, Circle } from "lucide-react";
import type * as React from "react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/utils";

export interface ChecklistStep {
  id: string;
  title: string;
  description: string;
  done: boolean;
  /** Where to go to do it; absent when the step is not available yet. */
  action?: React.ReactNode;
  comingSoon?: boolean;
}

export function GettingStarted({ steps }: { steps: ChecklistStep[] }) {
  const done = steps.filter((step) => step.done).length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Getting started</CardTitle>
        <CardDescription>
          {done} of {steps.length} steps done
        </CardDescription>
        <div className="mt-2 h-2 w-full overflow-hidden rounded-full bg-muted" role="progressbar" aria-label="Getting started progress" aria-valuemin={0} aria-valuemax={steps.length} aria-valuenow={done}>
          <div className="h-full rounded-full bg-primary transition-all" style={{ width: `${(done / steps.length) * 100}%` }} />
        </div>
      </CardHeader>
      <CardContent>
        <ol className="grid gap-4">
          {steps.map((step) => (
            <li key={step.id} className="flex items-start gap-3">
              {step.done ? (
                <CheckCircle2 className="mt-0.5 size-5 shrink-0 text-success" aria-label="Done" />
              ) : (
                <Circle className="mt-0.5 size-5 shrink-0 text-muted-foreground" aria-label="Not done" />
              )}
              <div className="min-w-0 flex-1">
                <p className={cn("flex flex-wrap items-center gap-2 font-medium", step.done && "text-muted-foreground line-through")}>
                  {step.title}
                  {step.comingSoon && <Badge variant="secondary">Coming soon</Badge>}
                </p>
                <p className="text-sm text-muted-foreground">{step.description}</p>
              </div>
              {!step.done && step.action}
            </li>
          ))}
        </ol>
      </CardContent>
    </Card>
  );
}

export const stepLinkClass = "shrink-0 text-sm font-medium text-primary underline-offset-4 hover:underline";
