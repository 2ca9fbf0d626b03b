/** Probabilities of one row, most likely first. */
export function rankedProbabilities(probabilities: Record<string, number> | undefined): { label: string; probability: number }[] {
  return Object.entries(probabilities ?? {})
    .map(([label, probability]) => ({ label, probability }))
    .sort((a, b) => b.probability - a.probability);
}
