import type * as React from "react";
import { cn } from "@/lib/utils";

interface ProgressProps extends Omit<React.ComponentProps<"div">, "children"> {
  /** 0–100; null shows an indeterminate bar (busy, amount unknown). */
  value: number | null;
  label: string;
  /** Text read instead of the percentage, e.g. "3.1 MB of 12 MB". */
  valueText?: string;
}

/** A determinate (or indeterminate) progress bar with its ARIA semantics. */
export function Progress({ value, label, valueText, className, ...props }: ProgressProps) {
  const percent = value === null ? null : Math.max(0, Math.min(100, value));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
      data-slot="progress"
      className={cn("relative h-2 w-full overflow-hidden rounded-full bg-muted", className)}
      {...props}
    >
      {percent === null ? (
        <div className="absolute inset-y-0 w-1/3 animate-pulse rounded-full bg-primary/70" />
      ) : (
        <div className="h-full rounded-full bg-primary transition-[width] duration-300" style={{ width: `${percent}%` }} />
      )}
    </div>
  );
}
