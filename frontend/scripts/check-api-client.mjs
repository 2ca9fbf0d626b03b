// Fails when src/lib/api/generated differs from what `npm run gen:api` would produce
// from ../openapi.json, so the client can never silently drift from the backend contract.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// MODELYARD_OPENAPI points at another copy of the contract (e.g. `git show HEAD:openapi.json`).
const spec = path.resolve(process.env.MODELYARD_OPENAPI ?? path.resolve(root, "../openapi.json"));
const committed = path.join(root, "src/lib/api/generated");

if (!existsSync(spec)) {
  console.log("check:api skipped: ../openapi.json does not exist yet.");
  process.exit(0);
}

const scratch = mkdtempSync(path.join(tmpdir(), "modelyard-api-"));
try {
  const config = path.join(scratch, "openapi-ts.config.mjs");
  writeFileSync(
    config,
    `export default ${JSON.stringify({
      input: spec,
      output: { path: path.join(scratch, "out"), clean: true },
      plugins: ["@hey-api/typescript", "@hey-api/sdk", "@hey-api/client-fetch"],
      logs: { level: "silent" },
    })};`,
  );
  execFileSync(path.join(root, "node_modules/.bin/openapi-ts"), ["--file", config], { cwd: root, stdio: "inherit" });
  const expected = listFiles(path.join(scratch, "out"));
  const actual = existsSync(committed) ? listFiles(committed) : new Map();
  const drift = [];
  for (const [file, content] of expected) {
    if (actual.get(file) !== content) drift.push(actual.has(file) ? `changed: ${file}` : `missing: ${file}`);
  }
  for (const file of actual.keys()) if (!expected.has(file)) drift.push(`extra: ${file}`);
  if (drift.length > 0) {
    console.error(`The generated API client is out of date with openapi.json:\n  ${drift.join("\n  ")}\nRun: npm run gen:api`);
    process.exit(1);
  }
  console.log(`check:api ok: src/lib/api/generated matches openapi.json (${expected.size} files).`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function listFiles(dir, prefix = "") {
  const files = new Map();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) for (const [k, v] of listFiles(path.join(dir, entry.name), relative)) files.set(k, v);
    else files.set(relative, readFileSync(path.join(dir, entry.name), "utf8"));
  }
  return files;
}
