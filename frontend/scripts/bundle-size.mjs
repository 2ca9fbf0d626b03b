// Prints the gzip size of the JavaScript a first visit downloads before any route chunk:
// the entry script plus every <link rel="modulepreload"> in the built index.html.
// Usage: npm run build && npm run size   (exit code 1 when over the budget)
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const staticDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/modelyard/web/static");
const html = readFileSync(path.join(staticDir, "index.html"), "utf8");
const urls = [
  ...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g),
  ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
].map((match) => match[1]);

let total = 0;
for (const url of urls) {
  const file = path.join(staticDir, new URL(url, "http://x/").pathname);
  const gzip = gzipSync(readFileSync(file), { level: 9 }).length;
  total += gzip;
  console.log(`${(gzip / 1024).toFixed(1).padStart(8)} KB  ${path.basename(file)}`);
}
console.log(`${(total / 1024).toFixed(1).padStart(8)} KB  initial JS (gzip), budget ${BUDGET_KB} KB`);
process.exit(total / 1024 > BUDGET_KB ? 1 : 0);
