import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Another checkout can be served instead (e.g. to try a backend change): MODELYARD_E2E_SERVER_ROOT.
const repoRoot = path.resolve(process.env.MODELYARD_E2E_SERVER_ROOT ?? path.resolve(frontendDir, ".."));
const staticIndex = path.join(repoRoot, "src/modelyard/web/static/index.html");

/** Starts `modelyard serve` on a free port with a fresh data dir; returns its teardown. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(staticIndex)) {
    throw new Error(`The web app is not built (${staticIndex} is missing). Run \`npm run build\` first.`);
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "modelyard-e2e-"));
  const server = spawn("uv", ["run", "--frozen", "modelyard", "serve", "--host", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
    env: { ...process.env, MODELYARD_DATA_DIR: dataDir, MODELYARD_PUBLIC_URL: baseUrl },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  // The server's log is kept for debugging failures (test-results/ is gitignored).
  mkdirSync(path.join(frontendDir, "test-results"), { recursive: true });
  const log = createWriteStream(path.join(frontendDir, "test-results", "server.log"));
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    log.write(chunk);
  };
  server.stdout.on("data", keep);
  server.stderr.on("data", keep);

  try {
    await waitForHealthy(`${baseUrl}/healthz`, server, 90_000);
  } catch (error) {
    await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(`modelyard serve did not become healthy: ${String(error)}\n${output.join("").slice(-4000)}`, { cause: error });
  }
  process.env.MODELYARD_E2E_BASE_URL = baseUrl;

  return async () => {
    await stop(server);
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealthy(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${url}`);
}

/** Stops uv and the Python server it started (the whole process group). */
async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.pid === undefined) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  process.kill(-server.pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (server.exitCode === null && server.pid !== undefined) process.kill(-server.pid, "SIGKILL");
  }, 10_000);
  await exited;
  clearTimeout(timer);
}
