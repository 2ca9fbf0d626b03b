// Prints the gzip size of the JavaScript a first visit downloads before any route chunk:
// the entry script plus every <link rel="modulepreload"> in the built index.html.
// Usage: npm run build && npm run size   (exit code 1 when over the budget)
//        node scripts/bundle-size.mjs --json   (one JSON object, for benchmarks/web_budgets.py)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const json = process.argv.includes("--json");
const staticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/modelyard/web/static");
const html = readFileSync(path.join(staticDir, "index.html"), "utf8");
const urls = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
].map((match) => match[1]);

const files = urls.map((url) => {
  const file = path.join(staticDir, new URL(url, "http://x/").pathname);
  return { file: path.basename(file), gzip_bytes: gzipSync(readFileSync(file), { level: 9 }).length };
});
const total = files.reduce((sum, file) => sum + file.gzip_bytes, 0);
const over = total / 1024 > BUDGET_KB;

if (json) {
  console.log(JSON.stringify({ files, total_gzip_bytes: total, total_gzip_kb: Math.round((total / 1024) * 10) / 10, budget_kb: BUDGET_KB, over_budget: over }));
} else {
  for (const { file, gzip_bytes } of files) console.log(`${(gzip_bytes / 1024).toFixed(1).padStart(8)} KB  ${file}`);
  console.log(`${(total / 1024).toFixed(1).padStart(8)} KB  initial JS (gzip), budget ${BUDGET_KB} KB`);
}
process.exit(over ? 1 : 0);
