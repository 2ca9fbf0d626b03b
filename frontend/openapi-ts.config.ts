import { defineConfig } from "@hey-api/openapi-ts";

/**
 * Generates the typed API client from the backend's committed contract.
 * Run `npm run gen:api` after openapi.json changes; `npm run check` fails on drift.
 */
export default defineConfig({
  input: "../openapi.json",
  output: { path: "src/lib/api/generated", clean: true },
  plugins: ["@hey-api/typescript", "@hey-api/sdk", "@hey-api/client-fetch"],
});
