import type { SignatureColumn } from "@/features/models/signature";

/** A record shaped like the model's input, for the copy-paste examples (values seen in training when known). */
export function exampleRecord(columns: readonly SignatureColumn[]): Record<string, string | number | boolean> {
  return Object.fromEntries(
    columns.map((column): [string, string | number | boolean] => {
      switch (column.kind) {
        case "numeric":
          return [column.name, 0];
        case "boolean":
          return [column.name, false];
        case "datetime":
          return [column.name, "2024-01-31"];
        case "categorical":
          return [column.name, column.categories[0] ?? ""];
        default:
          return [column.name, ""];
      }
    }),
  );
}

/** A curl call of the predict endpoint with an API key from `$MODELYARD_API_KEY` (never the key itself). */
export function curlSnippet(predictUrl: string, record: Record<string, unknown>, origin: string = window.location.origin): string {
  const body = JSON.stringify({ record }).replace(/'/g, "'\\''");
  return [
    `curl -X POST ${new URL(predictUrl, origin).href} \\`,
    `  -H "Authorization: Bearer $MODELYARD_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join("\n");
}
