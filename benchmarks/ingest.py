"""End-to-end ingest: upload a ~1 GB CSV (10M rows) over HTTP to `modelyard serve`.

    uv run python benchmarks/ingest.py [--rows 10000000] [--csv PATH]

Starts `modelyard serve` on a free loopback port with a fresh data directory (SQLite, local
artifacts), registers a user, creates a workspace and an API key, uploads the CSV as a
streaming multipart body (never read into memory), polls the version until its profile is
ready, and prints the end-to-end seconds, the server's CPU seconds and its peak RSS (VmHWM of
the server process and of each child process). Targets (issue 4): <= 60 s on 2 cores and
<= 1.5 GB peak RSS.
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

CHUNK = 1024 * 1024
PASSWORD = "ingest benchmark passphrase"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, data_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        MODELYARD_DATA_DIR=str(data_dir),
        MODELYARD_DEMO="false",
        MODELYARD_LOG_LEVEL="WARNING",
        MODELYARD_MAX_UPLOAD_BYTES=str(5 * 1024**3),
    )
    env.pop("MODELYARD_DATABASE_URL", None)
    env.pop("MODELYARD_STORAGE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "modelyard", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("modelyard serve exited during start-up")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise SystemExit("server did not become ready")


def provision(base: str) -> tuple[str, str]:
    """A user, a workspace and a full-scope API key: (workspace id, key)."""
    with httpx.Client(base_url=base, timeout=30) as client:
        credentials = {"email": f"bench-{secrets.token_hex(4)}@example.com", "password": PASSWORD}
        client.post(
            "/api/v1/auth/register", json={**credentials, "name": "Bench"}
        ).raise_for_status()
        login = client.post("/api/v1/auth/login", json=credentials)
        login.raise_for_status()
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        workspace = client.post("/api/v1/workspaces", json={"name": "Ingest bench"})
        workspace.raise_for_status()
        key = client.post("/api/v1/api-keys", json={"name": "ingest bench"})
        key.raise_for_status()
        return str(workspace.json()["id"]), str(key.json()["key"])


def multipart_body(path: Path, boundary: str) -> tuple[Iterator[bytes], int]:
    """A multipart/form-data body streamed from disk, and its exact length."""
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="name"\r\n\r\nIngest benchmark\r\n'
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def chunks() -> Iterator[bytes]:
        yield head
        with path.open("rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk
        yield tail

    return chunks(), len(head) + path.stat().st_size + len(tail)


def process_tree(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        children.extend(int(child) for child in text)
    return [pid] + [p for child in children for p in process_tree(child)]


def proc_figures(pid: int) -> tuple[float, float]:
    """(peak RSS in MB, CPU seconds) of one live process."""
    peak = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) / 1024
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / ticks
    return peak, cpu


def upload_and_wait(base: str, workspace: str, key: str, csv: Path) -> dict[str, float]:
    boundary = f"modelyard-bench-{secrets.token_hex(8)}"
    body, length = multipart_body(csv, boundary)
    upload_headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(length),
    }
    auth = {"Authorization": f"Bearer {key}"}
    timeout = httpx.Timeout(600, connect=10)
    with httpx.Client(base_url=base, headers=auth, timeout=timeout) as client:
        started = time.perf_counter()
        response = client.post(
            f"/api/v1/workspaces/{workspace}/datasets", content=body, headers=upload_headers
        )
        uploaded = time.perf_counter()
        if response.status_code != 201:
            raise SystemExit(f"upload failed: {response.status_code} {response.text[:2000]}")
        version = response.json()["latest_version"]
        while True:
            state = client.get(f"/api/v1/workspaces/{workspace}/dataset-versions/{version['id']}")
            state.raise_for_status()
            status = state.json()["profile_status"]
            if status == "ready":
                break
            if status == "failed":
                raise SystemExit(f"profiling failed: {state.json()['profile_error']}")
            time.sleep(0.2)
        finished = time.perf_counter()
    return {
        "rows": float(version["rows"]),
        "upload_and_convert_s": uploaded - started,
        "profile_s": finished - uploaded,
        "total_s": finished - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--csv", type=Path, help="reuse (or create) the CSV at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="modelyard-ingest-bench-") as work:
        csv = args.csv or Path(work) / "bench.csv"
        if not csv.exists():
            print(f"generating {args.rows:,} rows ...", flush=True)
            # In a child process, so that the generator's memory never mixes with ours.
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    f"from ingest_profile import generate_csv as g; "
                    f"from pathlib import Path; g(Path({str(csv)!r}), {args.rows})",
                ],
                check=True,
                cwd=Path(__file__).resolve().parent,
            )
        size_mb = csv.stat().st_size / 1024**2
        port = free_port()
        server = start_server(port, Path(work) / "data", Path(work) / "server.log")
        base = f"http://127.0.0.1:{port}"
        try:
            wait_ready(base, server)
            workspace, key = provision(base)
            before = {pid: proc_figures(pid)[1] for pid in process_tree(server.pid)}
            result = upload_and_wait(base, workspace, key, csv)
            figures = {pid: proc_figures(pid) for pid in process_tree(server.pid)}
        finally:
            server.terminate()
            server.wait(timeout=30)
    cpu = sum(c - before.get(pid, 0.0) for pid, (_, c) in figures.items())
    own_peak = figures[server.pid][0]
    print(f"file: {size_mb:,.0f} MB, {result['rows']:,.0f} rows, {os.cpu_count()} CPUs")
    print(f"upload + validate + convert: {result['upload_and_convert_s']:.1f} s")
    print(f"profile (after upload):      {result['profile_s']:.1f} s")
    print(f"end to end:                  {result['total_s']:.1f} s   (target <= 60 s)")
    print(f"server CPU during the run:   {cpu:.1f} s")
    print(f"server peak RSS:             {own_peak:,.0f} MB (target <= 1,536 MB)")
    for pid, (peak, _) in sorted(figures.items()):
        if pid != server.pid:
            print(f"  child {pid} peak RSS:      {peak:,.0f} MB")


if __name__ == "__main__":
    main()
