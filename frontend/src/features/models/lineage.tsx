import { Link } from "@tanstack/react-router";
import { Boxes, ChevronRight, Cpu, Database, Rocket } from "lucide-react";
import type * as React from "react";
import type { ModelVersion } from "@/lib/api/models";

function str(value: unknown): string | null {
  return typeof value === "string" && value ? value : typeof value === "number" ? String(value) : null;
}

function Step({ icon: Icon, label, children }: { icon: typeof Database; label: string; children: React.ReactNode }) {
  return (
    <li className="flex min-w-0 items-start gap-2 rounded-lg border px-3 py-2">
      <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      <div className="min-w-0 text-sm">
        <p className="text-xs text-muted-foreground">{label}</p>
        <div className="truncate font-medium">{children}</div>
      </div>
    </li>
  );
}

const linkClass = "underline-offset-4 hover:underline focus-visible:underline";

export interface LineageDeployment {
  id: string;
  name: string;
}

/** Dataset version → training job → this model version → its deployments. */
export function Lineage({
  workspaceId,
  version,
  modelName,
  deployments,
}: {
  workspaceId: string;
  version: ModelVersion;
  modelName: string;
  deployments?: LineageDeployment[] | undefined;
}) {
  const lineage = version.lineage;
  const datasetName = str(lineage.dataset_name) ?? "Dataset";
  const datasetNumber = str(lineage.dataset_version_number);
  const datasetId = str(lineage.dataset_id);
  const separator = <ChevronRight className="hidden size-4 shrink-0 self-center text-muted-foreground sm:block" aria-hidden="true" />;
  return (
    <div className="grid gap-3">
      <ol className="grid gap-2 sm:flex sm:flex-wrap sm:items-stretch" aria-label="Lineage">
        <Step icon={Database} label="Dataset version">
          {datasetId ? (
            <Link to="/w/$workspaceId/datasets/$datasetId" params={{ workspaceId, datasetId }} className={linkClass}>
              {datasetName}
              {datasetNumber && ` · v${datasetNumber}`}
            </Link>
          ) : (
            datasetName
          )}
        </Step>
        {separator}
        <Step icon={Cpu} label="Training job">
          <Link to="/w/$workspaceId/jobs/$jobId" params={{ workspaceId, jobId: version.job_id }} className={`${linkClass} font-mono text-xs`}>
            {version.job_id}
          </Link>
        </Step>
        {separator}
        <Step icon={Boxes} label="Model version">
          <Link to="/w/$workspaceId/models/$modelId" params={{ workspaceId, modelId: version.model_id }} className={linkClass}>
            {modelName} · v{version.number}
          </Link>
        </Step>
        {separator}
        <Step icon={Rocket} label="Deployments">
          {deployments === undefined ? (
            <span className="font-normal text-muted-foreground">—</span>
          ) : deployments.length === 0 ? (
            <span className="font-normal text-muted-foreground">Not deployed</span>
          ) : (
            <span className="flex flex-wrap gap-x-2">
              {deployments.map((deployment) => (
                <Link key={deployment.id} to="/w/$workspaceId/deployments/$deploymentId" params={{ workspaceId, deploymentId: deployment.id }} className={linkClass}>
                  {deployment.name}
                </Link>
              ))}
            </span>
          )}
        </Step>
      </ol>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1 text-xs text-muted-foreground">
        {str(lineage.dataset_sha256) && (
          <>
            <dt>Data SHA-256</dt>
            <dd className="truncate font-mono">{str(lineage.dataset_sha256)}</dd>
          </>
        )}
        {str(lineage.validation) && (
          <>
            <dt>Validation</dt>
            <dd>{str(lineage.validation)}</dd>
          </>
        )}
        {str(lineage.seed) && (
          <>
            <dt>Seed</dt>
            <dd>{str(lineage.seed)}</dd>
          </>
        )}
        {str(lineage.stop_reason) && (
          <>
            <dt>Search stopped</dt>
            <dd>{str(lineage.stop_reason)}</dd>
          </>
        )}
        {str(lineage.engine_version) && (
          <>
            <dt>Engine</dt>
            <dd>Modelyard {str(lineage.engine_version)}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
