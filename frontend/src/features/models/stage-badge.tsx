import { Badge } from "@/components/ui/badge";
import type { Stage } from "@/lib/api/models";
import { STAGE_LABELS } from "./metrics";

const VARIANTS: Record<Stage, "success" | "default" | "secondary" | "outline"> = {
  production: "success",
  staging: "default",
  archived: "secondary",
  none: "outline",
};

export function StageBadge({ stage }: { stage: Stage }) {
  return (
    <Badge variant={VARIANTS[stage]} data-stage={stage}>
      {STAGE_LABELS[stage]}
    </Badge>
  );
}
