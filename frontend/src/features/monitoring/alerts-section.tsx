import { useQuery } from "@tanstack/react-query";
import { BellOff, History, RefreshCw, Trash2 } from "lucide-react";
import { useId } from "react";
import { Switch } from "radix-ui";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ProblemAlert } from "@/components/problem-alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from "@/components/ui/table";
import type { AlertEvent, AlertRule } from "@/lib/api/monitoring";
import { formatDateTime, formatRelative } from "@/lib/format";
import { notifyProblem, notifySuccess } from "@/lib/notify";
import { cn } from "@/lib/utils";
import {
  describeCondition,
  formatSignalValue,
  ruleStateLabel,
  ruleStateTone,
  signalInfo,
} from "./alert-rules";
import { AlertRuleDialog } from "./alert-rule-dialog";
import { EmptyPanel, ToneBadge } from "./parts";
import {
  alertEventsQueryOptions,
  alertRulesQueryOptions,
  useDeleteAlertRule,
  useEvaluateAlertRules,
  useUpdateAlertRule,
} from "./queries";

interface AlertsSectionProps {
  workspaceId: string;
  deploymentId: string;
  canWrite: boolean;
  /** Metrics a performance rule may watch for this model's task. */
  metrics: readonly string[];
}

/** The deployment's alert rules (create, enable, delete, evaluate now) and its recent alerts. */
export function AlertsSection({
  workspaceId,
  deploymentId,
  canWrite,
  metrics,
}: AlertsSectionProps) {
  const rules = useQuery(alertRulesQueryOptions(workspaceId, deploymentId));
  const events = useQuery(alertEventsQueryOptions(workspaceId, deploymentId));
  const evaluate = useEvaluateAlertRules(workspaceId, deploymentId);
  const rulesHeading = useId();
  const eventsHeading = useId();

  const evaluateNow = async () => {
    try {
      const result = await evaluate.mutateAsync();
      const firing = result.rules.filter(
        (rule) => rule.state === "firing",
      ).length;
      notifySuccess(
        `${result.rules.length} rule${result.rules.length === 1 ? "" : "s"} evaluated`,
        `${firing} firing${result.events.length ? `, ${result.events.length} new alert${result.events.length === 1 ? "" : "s"}` : ""}.`,
      );
    } catch (error) {
      notifyProblem(error, "Could not evaluate the rules");
    }
  };

  const ruleNames = new Map(
    (rules.data ?? []).map((rule) => [rule.id, rule.name]),
  );

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8">
      <section
        className="grid grid-cols-[minmax(0,1fr)] gap-4"
        aria-labelledby={rulesHeading}
      >
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div className="grid max-w-prose gap-1">
            <h3 id={rulesHeading} className="font-semibold">
              Alert rules
            </h3>
            <p className="text-xs text-muted-foreground">
              Evaluated by the workers every minute and after each drift report.
            </p>
          </div>
          {canWrite && (
            <div className="flex flex-wrap gap-2">
              <Button
                variant="outline"
                size="sm"
                pending={evaluate.isPending}
                disabled={!rules.data?.length}
                onClick={() => void evaluateNow()}
              >
                {!evaluate.isPending && <RefreshCw aria-hidden="true" />}
                {evaluate.isPending ? "Evaluating…" : "Evaluate now"}
              </Button>
              <AlertRuleDialog
                workspaceId={workspaceId}
                deploymentId={deploymentId}
                metrics={metrics}
              />
            </div>
          )}
        </div>
        {rules.isPending ? (
          <Skeleton className="h-24 w-full" data-testid="rules-skeleton" />
        ) : rules.isError ? (
          <ProblemAlert error={rules.error} />
        ) : rules.data.length === 0 ? (
          <EmptyPanel
            icon={BellOff}
            title="No alert rules"
            description={
              canWrite
                ? "Add a rule to be told when inputs drift, errors or latency climb, traffic stops or the model’s metric drops."
                : "Members who can deploy models can add rules on drift, errors, latency, traffic and the model’s metric."
            }
          />
        ) : (
          <RulesTable
            workspaceId={workspaceId}
            deploymentId={deploymentId}
            rules={rules.data}
            canWrite={canWrite}
          />
        )}
      </section>
      <section
        className="grid grid-cols-[minmax(0,1fr)] gap-4"
        aria-labelledby={eventsHeading}
      >
        <h3 id={eventsHeading} className="font-semibold">
          Recent alerts
        </h3>
        {events.isPending ? (
          <Skeleton className="h-24 w-full" data-testid="events-skeleton" />
        ) : events.isError ? (
          <ProblemAlert error={events.error} />
        ) : events.data.length === 0 ? (
          <p className="flex items-center gap-2 text-sm text-muted-foreground">
            <History className="size-4" aria-hidden="true" />
            No alert has fired yet. Each time a rule fires or resolves, it is
            listed here.
          </p>
        ) : (
          <EventsTable events={events.data} ruleNames={ruleNames} />
        )}
      </section>
    </div>
  );
}

function RulesTable({
  workspaceId,
  deploymentId,
  rules,
  canWrite,
}: {
  workspaceId: string;
  deploymentId: string;
  rules: AlertRule[];
  canWrite: boolean;
}) {
  return (
    <Table aria-label="Alert rules">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Rule</TableHead>
          <TableHead scope="col">State</TableHead>
          <TableHead scope="col" className="text-right">
            Last value
          </TableHead>
          <TableHead scope="col">Evaluated</TableHead>
          <TableHead scope="col">{canWrite ? "Enabled" : "Status"}</TableHead>
          {canWrite && (
            <TableHead scope="col">
              <span className="sr-only">Actions</span>
            </TableHead>
          )}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rules.map((rule) => (
          <RuleRow
            key={rule.id}
            workspaceId={workspaceId}
            deploymentId={deploymentId}
            rule={rule}
            canWrite={canWrite}
          />
        ))}
      </TableBody>
    </Table>
  );
}

function RuleRow({
  workspaceId,
  deploymentId,
  rule,
  canWrite,
}: {
  workspaceId: string;
  deploymentId: string;
  rule: AlertRule;
  canWrite: boolean;
}) {
  const update = useUpdateAlertRule(workspaceId, deploymentId);
  const remove = useDeleteAlertRule(workspaceId, deploymentId);
  const tone = ruleStateTone(rule.state);

  const toggle = (enabled: boolean) =>
    update.mutate(
      { ruleId: rule.id, body: { enabled } },
      {
        onSuccess: () =>
          notifySuccess(
            enabled ? `“${rule.name}” enabled` : `“${rule.name}” disabled`,
          ),
        onError: (error) =>
          notifyProblem(
            error,
            enabled
              ? "Could not enable the rule"
              : "Could not disable the rule",
          ),
      },
    );

  return (
    <TableRow
      data-state={rule.state}
      className={cn(!rule.enabled && "text-muted-foreground")}
    >
      <TableHead
        scope="row"
        className="h-auto py-2 font-normal whitespace-normal text-foreground"
      >
        <span className="block min-w-40 font-medium">{rule.name}</span>
        <span className="block text-xs text-muted-foreground">
          {describeCondition(rule)}
        </span>
      </TableHead>
      <TableCell>
        <ToneBadge tone={tone}>{ruleStateLabel(rule.state)}</ToneBadge>
      </TableCell>
      <TableCell className="text-right tabular-nums">
        {formatSignalValue(rule.signal, rule.last_value)}
      </TableCell>
      <TableCell className="whitespace-nowrap text-xs text-muted-foreground">
        {rule.last_evaluated_at ? (
          <time
            dateTime={rule.last_evaluated_at}
            title={formatDateTime(rule.last_evaluated_at)}
          >
            {formatRelative(rule.last_evaluated_at)}
          </time>
        ) : (
          "Not yet"
        )}
      </TableCell>
      <TableCell>
        {canWrite ? (
          <Switch.Root
            checked={rule.enabled}
            disabled={update.isPending}
            onCheckedChange={toggle}
            aria-label={`Enabled: ${rule.name}`}
            className="peer inline-flex h-5 w-9 shrink-0 items-center rounded-full border border-transparent bg-input shadow-xs transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:bg-primary"
          >
            <Switch.Thumb className="pointer-events-none block size-4 rounded-full bg-background shadow-sm ring-0 transition-transform data-[state=checked]:translate-x-4 data-[state=unchecked]:translate-x-0" />
          </Switch.Root>
        ) : (
          <span className="text-xs">
            {rule.enabled ? "Enabled" : "Disabled"}
          </span>
        )}
      </TableCell>
      {canWrite && (
        <TableCell className="text-right">
          <ConfirmDialog
            trigger={
              <Button
                variant="ghost"
                size="icon"
                className="size-8"
                aria-label={`Delete the rule ${rule.name}`}
              >
                <Trash2 aria-hidden="true" />
              </Button>
            }
            title={`Delete “${rule.name}”?`}
            description="The rule stops being evaluated. Its past alerts stay in the list."
            confirmLabel="Delete rule"
            onConfirm={async () => {
              try {
                await remove.mutateAsync(rule);
                notifySuccess(`“${rule.name}” deleted`);
                return true;
              } catch (error) {
                notifyProblem(error, "Could not delete the rule");
                return false;
              }
            }}
          />
        </TableCell>
      )}
    </TableRow>
  );
}

function EventsTable({
  events,
  ruleNames,
}: {
  events: AlertEvent[];
  ruleNames: Map<string, string>;
}) {
  return (
    <Table aria-label="Recent alerts">
      <TableHeader>
        <TableRow>
          <TableHead scope="col">Time</TableHead>
          <TableHead scope="col">Rule</TableHead>
          <TableHead scope="col">State</TableHead>
          <TableHead scope="col" className="text-right">
            Value
          </TableHead>
          <TableHead scope="col" className="text-right">
            Threshold
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {events.map((event) => (
          <TableRow key={event.id} data-state={event.state}>
            <TableCell className="whitespace-nowrap">
              <time
                dateTime={event.created_at}
                title={formatRelative(event.created_at)}
              >
                {formatDateTime(event.created_at)}
              </time>
            </TableCell>
            <TableCell className="min-w-48 whitespace-normal">
              <span className="block">
                {event.rule_name ??
                  ruleNames.get(event.rule_id) ??
                  signalInfo(event.signal).label}
              </span>
              <span className="block text-xs text-muted-foreground">
                {event.message}
              </span>
            </TableCell>
            <TableCell>
              <ToneBadge tone={event.state === "firing" ? "danger" : "ok"}>
                {ruleStateLabel(event.state)}
              </ToneBadge>
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatSignalValue(event.signal, event.value)}
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatSignalValue(event.signal, event.threshold)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
