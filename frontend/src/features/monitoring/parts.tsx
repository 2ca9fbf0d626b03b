/** Small pieces shared by the monitoring sections. */
import {
  AlertTriangle,
  BellRing,
  CheckCircle2,
  CircleQuestionMark,
  Copy,
  type LucideIcon,
} from "lucide-react";
import { useId } from "react";
import type * as React from "react";
import { type Choice, ChoiceSelect } from "@/components/choice-select";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { useCopyToClipboard } from "@/lib/use-copy-to-clipboard";
import { cn } from "@/lib/utils";
import type { SeverityTone } from "./drift";
import type { Headline } from "./traffic";

/** Big numbers in a responsive grid: two per row on a phone. */
export function Headlines({
  items,
  label,
}: {
  items: Headline[];
  label: string;
}) {
  return (
    <div role="group" aria-label={label}>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        {items.map((item) => (
          <div key={item.label} className="min-w-0 rounded-lg border p-3">
            <dt className="truncate text-xs text-muted-foreground">
              {item.label}
            </dt>
            <dd className="mt-1 truncate text-xl font-semibold tabular-nums">
              {item.value}
            </dd>
            {item.detail && (
              <dd className="truncate text-xs text-muted-foreground">
                {item.detail}
              </dd>
            )}
          </div>
        ))}
      </dl>
    </div>
  );
}

const TONE_ICONS = {
  ok: CheckCircle2,
  warning: AlertTriangle,
  danger: BellRing,
  muted: CircleQuestionMark,
} as const;
const TONE_CLASSES: Record<SeverityTone, string> = {
  ok: "border-transparent bg-success/15 text-success",
  warning: "border-foreground/30 text-foreground",
  danger: "border-transparent bg-destructive/15 text-destructive",
  muted: "border-transparent bg-muted text-muted-foreground",
};

/** A status with an icon and words, never colour alone. */
export function ToneBadge({
  tone,
  children,
  title,
}: {
  tone: SeverityTone;
  children: React.ReactNode;
  title?: string;
}) {
  const Icon = TONE_ICONS[tone];
  return (
    <Badge
      variant="outline"
      className={TONE_CLASSES[tone]}
      title={title}
      data-tone={tone}
    >
      <Icon aria-hidden="true" />
      {children}
    </Badge>
  );
}

/** A labelled, small select of fixed choices (windows, metrics). */
export function ChoicePicker({
  label,
  value,
  onChange,
  choices,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  choices: readonly Choice[];
  className?: string;
}) {
  const id = useId();
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <ChoiceSelect
        id={id}
        size="sm"
        className="sm:w-56"
        value={value}
        onValueChange={onChange}
        choices={choices}
      />
    </div>
  );
}

/** A shell command with a copy button; long lines scroll inside the block. */
export function CodeSnippet({ code, label }: { code: string; label: string }) {
  const { copied, copy } = useCopyToClipboard();
  return (
    <div
      role="group"
      aria-label={label}
      className="flex w-full min-w-0 items-start gap-1 rounded-md bg-muted text-left"
    >
      {/* Focusable so that keyboard users can scroll a long line. */}
      <pre
        className="min-w-0 flex-1 overflow-x-auto p-3 font-mono text-xs"
        tabIndex={0}
      >
        {code}
      </pre>
      <Button
        type="button"
        size="icon"
        variant="ghost"
        className="m-1 size-8 shrink-0"
        onClick={() => void copy(code, "Copied")}
        aria-label={copied ? "Copied" : `Copy the ${label.toLowerCase()}`}
      >
        {copied ? (
          <CheckCircle2 aria-hidden="true" />
        ) : (
          <Copy aria-hidden="true" />
        )}
      </Button>
    </div>
  );
}

/**
 * An empty state that points to the next step. Its column is minmax(0, 1fr), so a long command
 * scrolls inside its block instead of widening the page at 375 px.
 */
export function EmptyPanel({
  icon: Icon,
  title,
  description,
  children,
}: {
  icon: LucideIcon;
  title: string;
  description: React.ReactNode;
  children?: React.ReactNode;
}) {
  return (
    <section
      aria-label={title}
      className="grid grid-cols-[minmax(0,1fr)] justify-items-center gap-3 rounded-xl border border-dashed px-4 py-10 text-center sm:px-6"
    >
      <div className="flex size-12 items-center justify-center rounded-full bg-primary/10 text-primary">
        <Icon className="size-6" aria-hidden="true" />
      </div>
      <h4 className="text-base font-semibold">{title}</h4>
      <div className="max-w-prose text-sm text-muted-foreground">
        {description}
      </div>
      {children && (
        <div className="grid w-full max-w-2xl grid-cols-[minmax(0,1fr)] justify-items-center gap-3">
          {children}
        </div>
      )}
    </section>
  );
}
