import { TriangleAlert } from "lucide-react";
import type { PredictResponse } from "@/lib/api/deployments";
import { formatScore } from "@/features/models/metrics";
import { rankedProbabilities } from "./prediction";

export function PredictionResult({ result }: { result: PredictResponse }) {
  const prediction = result.predictions[0];
  const probabilities = rankedProbabilities(result.probabilities?.[0]);
  return (
    <section aria-label="Prediction" className="grid gap-3 rounded-lg border bg-muted/30 p-4">
      <div>
        <p className="text-xs text-muted-foreground">Prediction</p>
        <p className="text-2xl font-semibold tabular-nums" data-testid="prediction-value">
          {typeof prediction === "number" ? formatScore(prediction) : String(prediction)}
        </p>
      </div>
      {probabilities.length > 0 && (
        <ul className="grid gap-2" aria-label="Probabilities">
          {probabilities.map(({ label, probability }) => (
            <li key={label} className="grid gap-1 text-sm">
              <div className="flex justify-between gap-2">
                <span className="truncate">{label}</span>
                <span className="tabular-nums">{Math.round(probability * 1000) / 10}%</span>
              </div>
              <div className="h-1.5 overflow-hidden rounded-full bg-muted" aria-hidden="true">
                <div className="h-full rounded-full bg-primary" style={{ width: `${Math.max(probability * 100, 1)}%` }} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {result.warnings.length > 0 && (
        <ul className="grid gap-1 text-sm" aria-label="Warnings">
          {result.warnings.map((warning) => (
            <li key={warning} className="flex gap-2 text-amber-700 dark:text-amber-400">
              <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
              {warning}
            </li>
          ))}
        </ul>
      )}
      <p className="font-mono text-xs text-muted-foreground">
        {result.prediction_ids[0]} · {result.engine}
      </p>
    </section>
  );
}
