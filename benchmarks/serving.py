"""Real-time serving benchmark (issue 7): Modelyard's predict endpoint against `mlflow models serve`.

1. Starts `modelyard serve` (PostgreSQL when reachable, else SQLite) on a free loopback port,
   uploads a dataset of ../shared/datasets, trains a model through the API (short budget) and
   deploys it.
2. Builds an MLflow pyfunc model from the very same fitted model (the skops artifact, with the
   engine's feature preparation) and serves it with `mlflow models serve --env-manager local`
   on another loopback port, with as many workers.
3. Drives both, one after the other, with the same single-record requests (wrk, a separate
   process, fixed concurrency, --seconds each) and prints p50, p99 and requests/s for each, the
   ratio, and Modelyard's server-side latency (from its access log, the whole ASGI app, and
   from the Server-Timing header, the predict handler).

Targets: server-side p50 <= 1 ms and p99 <= 5 ms, >= 1,500 requests/s on 2 cores, and p50 at
least 10x lower than MLflow's.

    uv run --group bench python benchmarks/serving.py [--dataset nass_cds] [--seconds 30]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.live import free_port, recreate_postgres_database  # noqa: E402

DATASETS = ROOT.parent / "shared" / "datasets"
PASSWORD = "steady load passphrase for predictions"
PREDICT_ROUTE = "/api/v1/deployments/{deployment_id}/predict"


def postgres_url() -> str | None:
    try:
        return recreate_postgres_database("modelyard_bench_serving")
    except KeyboardInterrupt:
        raise
    except BaseException:  # tests.live skips (a BaseException) when PostgreSQL is unreachable
        return None


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def wait_for(url: str, timeout_s: float = 180) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not become ready")


def manifest(name: str) -> dict[str, str]:
    with (DATASETS / "MANIFEST.csv").open() as handle:
        for row in csv.DictReader(handle):
            if row["name"] == name:
                return row
    raise SystemExit(f"{name} is not in {DATASETS / 'MANIFEST.csv'}")


def train_and_deploy(base: str, dataset: dict[str, str], budget: float) -> dict[str, Any]:
    client = httpx.Client(base_url=base, timeout=60)
    credentials = {"email": "bench-serving@example.com", "password": PASSWORD}
    registered = client.post("/api/v1/auth/register", json={**credentials, "name": "Bench"})
    if registered.status_code != 201:
        raise SystemExit(f"register: {registered.text}")
    login = client.post("/api/v1/auth/login", json=credentials)
    login.raise_for_status()
    client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    workspace = client.post("/api/v1/workspaces", json={"name": "Serving"}).json()["id"]
    key = client.post("/api/v1/api-keys", json={"name": "bench"}).json()["key"]
    client.cookies.clear()
    client.headers.pop("X-CSRF-Token")
    client.headers["Authorization"] = f"Bearer {key}"
    path = DATASETS / dataset["file"]
    with path.open("rb") as handle:
        uploaded = client.post(
            f"/api/v1/workspaces/{workspace}/datasets",
            files={"file": (path.name, handle, "text/csv")},
        )
    uploaded.raise_for_status()
    version_id = uploaded.json()["latest_version"]["id"]
    job = client.post(
        f"/api/v1/workspaces/{workspace}/training-jobs",
        json={
            "dataset_version_id": version_id,
            "target": dataset["target"],
            "time_budget_s": budget,
            "model_name": f"{dataset['name']} serving benchmark",
        },
    )
    job.raise_for_status()
    deadline = time.monotonic() + budget * 4 + 300
    while time.monotonic() < deadline:
        state = client.get(f"/api/v1/workspaces/{workspace}/training-jobs/{job.json()['id']}")
        if state.json()["status"] in {"succeeded", "failed", "cancelled"}:
            break
        time.sleep(1)
    if state.json()["status"] != "succeeded":
        raise SystemExit(f"training did not succeed: {state.text}")
    model_version_id = state.json()["model_version_id"]
    version = client.get(f"/api/v1/workspaces/{workspace}/model-versions/{model_version_id}")
    deployment = client.post(
        f"/api/v1/workspaces/{workspace}/deployments",
        json={"name": "serving-benchmark", "model_version_id": model_version_id},
    )
    deployment.raise_for_status()
    return {
        "key": key,
        "deployment": deployment.json(),
        "version": version.json(),
    }


def sample_records(dataset: dict[str, str], count: int) -> list[dict[str, Any]]:
    import pandas as pd

    frame = pd.read_csv(DATASETS / dataset["file"]).drop(columns=[dataset["target"]])
    frame = frame.sample(n=min(count, len(frame)), random_state=0)
    records: list[dict[str, Any]] = json.loads(frame.to_json(orient="records"))
    return records


# --- MLflow -----------------------------------------------------------------------------------


def build_mlflow_model(version: dict[str, Any], data_dir: Path, target: Path) -> None:
    """An MLflow pyfunc model around the same fitted model and the same feature preparation."""
    import mlflow.pyfunc

    class ModelyardModel(mlflow.pyfunc.PythonModel):  # type: ignore[misc,name-defined]
        def load_context(self, context: Any) -> None:
            from modelyard import engine

            with open(context.artifacts["model"], "rb") as handle:
                self.model = engine.load_model(handle.read())
            with open(context.artifacts["signature"]) as handle:
                self.signature = engine.InputSignature.from_dict(json.load(handle))
            self.classifier = hasattr(self.model, "predict_proba")

        def predict(self, context: Any, model_input: Any, params: Any = None) -> Any:
            from modelyard import engine

            prepared = engine.prepare_features(model_input, self.signature)
            if self.classifier:
                return self.model.predict_proba(prepared)
            return self.model.predict(prepared)

    signature_file = target.parent / "signature.json"
    signature_file.write_text(json.dumps(version["signature"]))
    model_file = data_dir / "artifacts" / version["artifacts"]["model"]
    mlflow.pyfunc.save_model(
        path=str(target),
        python_model=ModelyardModel(),
        artifacts={"model": str(model_file), "signature": str(signature_file)},
    )


# --- load -------------------------------------------------------------------------------------

LUA = """
local bodies = {}
local index = 0
for line in io.lines("%(bodies)s") do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
%(auth)s
request = function()
  index = index %% #bodies + 1
  return wrk.format(nil, nil, nil, bodies[index])
end
local timings = {}
response = function(status, headers, body)
  if status ~= 200 then errors_seen = (errors_seen or 0) + 1 end
  local timing = headers["server-timing"] or headers["Server-Timing"]
  if timing then
    local dur = string.match(timing, "dur=([0-9.]+)")
    if dur then
      -- One handle per thread, a line per write: no open and close per response.
      if not timings_out then
        timings_out = io.open("%(timings)s", "a")
        timings_out:setvbuf("line")
      end
      timings_out:write(dur, "\\n")
    end
  end
end
done = function(summary, latency, requests)
  io.write(string.format("P50 %%d\\nP99 %%d\\nREQUESTS %%d\\nNON2XX %%d\\nERRORS %%d\\n",
    latency:percentile(50), latency:percentile(99), summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout))
end
"""


def run_wrk(
    url: str,
    bodies: list[str],
    headers: dict[str, str],
    seconds: float,
    connections: int,
    workdir: Path,
    name: str,
) -> dict[str, float]:
    body_file = workdir / f"{name}-bodies.txt"
    body_file.write_text("\n".join(bodies) + "\n")
    timings = workdir / f"{name}-timings.txt"
    timings.unlink(missing_ok=True)
    auth = "\n".join(f'wrk.headers["{k}"] = "{v}"' for k, v in headers.items())
    script = workdir / f"{name}.lua"
    # Collecting Server-Timing costs the load generator a file write per response; only
    # the measured run does it.
    script.write_text(
        LUA % {"bodies": body_file, "auth": auth, "timings": timings}
        if name.endswith("measured")
        else (LUA % {"bodies": body_file, "auth": auth, "timings": "/dev/null"})
    )
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{int(seconds)}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    values = dict(re.findall(r"^(P50|P99|REQUESTS|NON2XX|ERRORS) (\d+)$", output, re.M))
    result = {
        "p50_ms": int(values["P50"]) / 1000,
        "p99_ms": int(values["P99"]) / 1000,
        "requests": int(values["REQUESTS"]),
        "rps": int(values["REQUESTS"]) / seconds,
        "non_2xx": int(values["NON2XX"]),
        "socket_errors": int(values["ERRORS"]),
    }
    if timings.exists():
        durations = [float(line) for line in timings.read_text().split()]
        result.update(percentiles("handler", durations))
    return result


def percentiles(prefix: str, values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {f"{prefix}_p50_ms": cuts[49], f"{prefix}_p99_ms": cuts[98], f"{prefix}_n": len(values)}


def server_latencies(log: Path, start_line: int) -> list[float]:
    """duration_ms of each predict request in the access log after `start_line`."""
    durations = []
    with log.open(errors="replace") as handle:
        for number, line in enumerate(handle):
            if number < start_line or '"route": "' + PREDICT_ROUTE not in line:
                continue
            try:
                durations.append(float(json.loads(line)["duration_ms"]))
            except (ValueError, KeyError):
                continue
    return durations


def cpu_seconds(root_pid: int) -> float:
    """User + system CPU time of a process and its children (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [root_pid]
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == root_pid:
                pids.append(int(pid))
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def line_count(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", default="nass_cds")
    parser.add_argument("--budget", type=float, default=30, help="training budget (s)")
    parser.add_argument("--seconds", type=float, default=30, help="load per server (s)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="server processes, each side")
    parser.add_argument("--skip-mlflow", action="store_true")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed (Debian: apt-get install wrk)")
    dataset = manifest(args.dataset)
    workdir = Path(tempfile.mkdtemp(prefix="modelyard-serving-"))
    data_dir = workdir / "data"
    database = postgres_url()
    env = {
        **os.environ,
        "MODELYARD_DATA_DIR": str(data_dir),
        "MODELYARD_LOG_LEVEL": "INFO",
        "MODELYARD_LOG_JSON": "true",
        "MODELYARD_API_KEY_RATE_LIMIT": "1000000/minute",
        "MODELYARD_DEMO": "false",
    }
    if database:
        env["MODELYARD_DATABASE_URL"] = database
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve_log = workdir / "modelyard.log"
    servers: list[subprocess.Popen[bytes]] = []
    try:
        print(f"Training on {dataset['name']} ({args.budget:.0f} s budget) and deploying...")
        # One process while training (its worker trains); the benchmark restarts it below.
        setup = start(
            [sys.executable, "-m", "modelyard", "serve", "--port", str(port)], env, serve_log
        )
        servers.append(setup)
        wait_for(f"{base}/readyz")
        deployed = train_and_deploy(base, dataset, args.budget)
        stop(setup)
        servers.remove(setup)
        records = sample_records(dataset, 1000)
        version = deployed["version"]
        print(f"Model {version['algorithm']} ({version['task']}), {len(records)} distinct records.")

        # Serve with the benchmark's worker count; no training worker competes for the CPU.
        env_serve = {**env, "MODELYARD_EXTERNAL_WORKERS": "true"}
        server = start(
            [
                sys.executable,
                "-m",
                "modelyard",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            env_serve,
            serve_log,
        )
        servers.append(server)
        wait_for(f"{base}/readyz")
        url = f"{base}{deployed['deployment']['predict_url']}"
        headers = {"Authorization": f"Bearer {deployed['key']}"}
        check = httpx.post(url, json={"record": records[0]}, headers=headers, timeout=30)
        check.raise_for_status()
        bodies = [json.dumps({"record": r}, separators=(",", ":")) for r in records]
        print("Modelyard: warming up...")
        run_wrk(url, bodies, headers, 5, args.connections, workdir, "modelyard-warmup")
        first_line = line_count(serve_log)
        print(f"Modelyard: {args.seconds:.0f} s at {args.connections} connections...")
        cpu_before = cpu_seconds(server.pid)
        ours = run_wrk(
            url, bodies, headers, args.seconds, args.connections, workdir, "modelyard-measured"
        )
        # CPU the server spent per request: what throughput 2 idle cores would give, however
        # busy the machine was during the run.
        ours["server_cpu_ms_per_request"] = (
            (cpu_seconds(server.pid) - cpu_before) * 1000 / max(1, ours["requests"])
        )
        ours.update(percentiles("server", server_latencies(serve_log, first_line)))
        stop(server)
        servers.remove(server)

        theirs: dict[str, float] = {}
        if not args.skip_mlflow:
            model_dir = workdir / "mlflow-model"
            build_mlflow_model(version, data_dir, model_dir)
            mlflow_port = free_port()
            mlflow_log = workdir / "mlflow.log"
            mlflow_server = start(
                [
                    sys.executable,
                    "-m",
                    "mlflow",
                    "models",
                    "serve",
                    "-m",
                    str(model_dir),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(mlflow_port),
                    "-w",
                    str(args.workers),
                    "--env-manager",
                    "local",
                ],
                {**os.environ, "MLFLOW_TRACKING_URI": f"file://{workdir / 'mlruns'}"},
                mlflow_log,
            )
            servers.append(mlflow_server)
            mlflow_url = f"http://127.0.0.1:{mlflow_port}/invocations"
            wait_for(f"http://127.0.0.1:{mlflow_port}/ping")
            same = httpx.post(mlflow_url, json={"dataframe_records": records[:1]}, timeout=30)
            same.raise_for_status()
            print(f"MLflow answers {same.json()} for the record Modelyard scored {check.json()}")
            mlflow_bodies = [
                json.dumps({"dataframe_records": [r]}, separators=(",", ":")) for r in records
            ]
            print("MLflow: warming up...")
            run_wrk(mlflow_url, mlflow_bodies, {}, 5, args.connections, workdir, "mlflow-warmup")
            print(f"MLflow: {args.seconds:.0f} s at {args.connections} connections...")
            theirs = run_wrk(
                mlflow_url, mlflow_bodies, {}, args.seconds, args.connections, workdir, "mlflow"
            )
            stop(mlflow_server)
            servers.remove(mlflow_server)
        report(args, dataset, database, ours, theirs)
    finally:
        for process in servers:
            stop(process)
        shutil.rmtree(workdir, ignore_errors=True)


def report(
    args: argparse.Namespace,
    dataset: dict[str, str],
    database: str | None,
    ours: dict[str, float],
    theirs: dict[str, float],
) -> None:
    print()
    print(
        f"Single-record predictions, {dataset['name']}, {args.workers} worker(s) each, "
        f"wrk {args.connections} connections x {args.seconds:.0f} s, "
        f"{'PostgreSQL' if database else 'SQLite'}, {os.cpu_count()} cores"
    )
    print(f"{'':28}{'p50 ms':>10}{'p99 ms':>10}{'req/s':>10}{'non-2xx':>9}")
    print(
        f"{'Modelyard (client)':28}{ours['p50_ms']:>10.2f}{ours['p99_ms']:>10.2f}"
        f"{ours['rps']:>10.0f}{ours['non_2xx']:>9.0f}"
    )
    if "server_p50_ms" in ours:
        print(
            f"{'Modelyard (server, app)':28}{ours['server_p50_ms']:>10.2f}"
            f"{ours['server_p99_ms']:>10.2f}"
        )
    if "handler_p50_ms" in ours:
        print(
            f"{'Modelyard (server, handler)':28}{ours['handler_p50_ms']:>10.2f}"
            f"{ours['handler_p99_ms']:>10.2f}"
        )
    cpu = ours["server_cpu_ms_per_request"]
    print(
        f"Modelyard server CPU per request: {cpu:.2f} ms "
        f"(capacity on 2 idle cores ~{2000 / cpu:.0f} req/s); load average now "
        f"{os.getloadavg()[0]:.1f}"
    )
    if theirs:
        print(
            f"{'MLflow (client)':28}{theirs['p50_ms']:>10.2f}{theirs['p99_ms']:>10.2f}"
            f"{theirs['rps']:>10.0f}{theirs['non_2xx']:>9.0f}"
        )
        print(
            f"MLflow / Modelyard: p50 x{theirs['p50_ms'] / ours['p50_ms']:.1f}, "
            f"p99 x{theirs['p99_ms'] / ours['p99_ms']:.1f}, "
            f"throughput x{ours['rps'] / theirs['rps']:.1f}"
        )
    server_p50 = ours.get("server_p50_ms", float("nan"))
    server_p99 = ours.get("server_p99_ms", float("nan"))
    print(
        "Targets: server p50 <= 1 ms "
        f"[{'met' if server_p50 <= 1 else 'MISSED'}], server p99 <= 5 ms "
        f"[{'met' if server_p99 <= 5 else 'MISSED'}], >= 1500 req/s "
        f"[{'met' if ours['rps'] >= 1500 else 'MISSED'}]"
        + (
            f", p50 >= 10x lower than MLflow [{'met' if theirs['p50_ms'] >= 10 * ours['p50_ms'] else 'MISSED'}]"
            if theirs
            else ""
        )
    )
    print(json.dumps({"modelyard": ours, "mlflow": theirs}))


if __name__ == "__main__":
    main()
