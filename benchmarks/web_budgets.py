"""Web budgets (issue 9): the initial JavaScript, the dashboard's load and the browser journey.

1. Uses the built web app (`npm run build` writes it to src/modelyard/web/static, which
   `modelyard serve` hosts); builds it only when it is missing, or with --rebuild.
2. Prints the gzip size of the initial JavaScript (the entry script and every modulepreload of
   index.html, measured by frontend/scripts/bundle-size.mjs) against its 250 KB budget.
3. Runs frontend/e2e/full-journey.spec.ts (a real `modelyard serve` on a free port, Debian's
   Chromium) with MODELYARD_BUDGETS_OUT set, then prints the dashboard's load after a reload
   (budget 1 s; also a first visit with an empty cache) and the journey from sign-up to a
   downloaded ONNX export (budget 2 min; the time of the spec's axe checks and screenshots is
   left out and shown apart).

Budgets are reported with PASS/OVER marks, never turned into a failing exit status: the exit
status is 1 only when something could not be measured (no build, a missing tool, the spec failed).

    uv run python benchmarks/web_budgets.py [--rebuild] [--skip-journey]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "frontend"
STATIC_INDEX = ROOT / "src" / "modelyard" / "web" / "static" / "index.html"
SPEC = "e2e/full-journey.spec.ts"

INITIAL_JS_BUDGET_KB = 250
DASHBOARD_BUDGET_MS = 1000
JOURNEY_BUDGET_S = 120


def mark(value: float, budget: float) -> str:
    return "PASS" if value <= budget else "OVER"


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> int:
    print(f"$ {' '.join(command)}  (in {cwd.relative_to(ROOT)})", flush=True)
    return subprocess.run(command, cwd=cwd, env=env, check=False).returncode


def ensure_build(rebuild: bool) -> None:
    if STATIC_INDEX.exists() and not rebuild:
        built = STATIC_INDEX.stat().st_mtime
        newer = [
            p for p in (FRONTEND / "src").rglob("*") if p.is_file() and p.stat().st_mtime > built
        ]
        age = time.strftime("%Y-%m-%d %H:%M", time.localtime(built))
        print(f"Using the web app built at {age} ({STATIC_INDEX.parent.relative_to(ROOT)}).")
        if newer:
            print(
                f"  note: {len(newer)} file(s) in frontend/src changed since; --rebuild measures the current code."
            )
        return
    if (
        not (FRONTEND / "node_modules").exists()
        and run(["npm", "ci", "--no-audit", "--no-fund"], FRONTEND) != 0
    ):
        sys.exit("npm ci failed")
    if run(["npm", "run", "build"], FRONTEND) != 0:
        sys.exit("npm run build failed")


def initial_js() -> dict[str, Any]:
    result = subprocess.run(
        ["node", "scripts/bundle-size.mjs", "--json"],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.exit(f"bundle-size.mjs failed ({result.returncode}):\n{result.stdout}{result.stderr}")


def journey() -> dict[str, Any]:
    chromium = os.environ.get("MODELYARD_E2E_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        sys.exit(
            f"Chromium is missing at {chromium}: `make chromium` installs Debian's (or set MODELYARD_E2E_CHROMIUM)."
        )
    env = dict(os.environ)
    # The spec's global setup spawns `uv run modelyard serve`; uv may live in ~/.local/bin.
    if shutil.which("uv") is None:
        env["PATH"] = f"{Path.home() / '.local' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # Its own output directory: Playwright empties frontend/test-results/ when any run starts.
    tmp = Path(tempfile.mkdtemp(prefix="modelyard-web-budgets-"))
    out = tmp / "budgets.json"
    env["MODELYARD_BUDGETS_OUT"] = str(out)
    command = ["npx", "playwright", "test", SPEC, "--reporter=list", f"--output={tmp / 'results'}"]
    status = run(command, FRONTEND, env)
    if status != 0 or not out.exists():
        sys.exit(
            f"{SPEC} failed (exit status {status}): its trace is in {tmp / 'results'}, "
            "the server log in frontend/test-results/server.log"
        )
    measured: dict[str, Any] = json.loads(out.read_text())
    shutil.rmtree(tmp, ignore_errors=True)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="run `npm run build` even when a build exists"
    )
    parser.add_argument(
        "--skip-journey",
        action="store_true",
        help="only the initial JavaScript (no browser, no server)",
    )
    args = parser.parse_args()

    ensure_build(args.rebuild)
    bundle = initial_js()
    measured = None if args.skip_journey else journey()

    kb = bundle["total_gzip_bytes"] / 1024
    print("\nWeb budgets")
    for item in bundle["files"]:
        print(f"  {item['gzip_bytes'] / 1024:8.1f} KB  {item['file']}")
    print(
        f"  initial JavaScript (gzip)            {kb:7.1f} KB  budget {INITIAL_JS_BUDGET_KB} KB   "
        f"{mark(kb, INITIAL_JS_BUDGET_KB)}  ({len(bundle['files'])} files)"
    )
    if measured is None:
        return
    # Load: the navigation timing's loadEventEnd. Rendered: when the dashboard's heading appeared,
    # after the route chunks and the API calls it waits for.
    for label, prefix in (
        ("reload", "dashboard"),
        ("empty cache", "dashboard_cold"),
    ):
        load, ready = measured[f"{prefix}_load_ms"], measured[f"{prefix}_ready_ms"]
        dcl = measured[f"{prefix}_dcl_ms"]
        print(
            f"  {f'dashboard load ({label})':<36} {load:7.0f} ms  budget {DASHBOARD_BUDGET_MS} ms  "
            f"{mark(load, DASHBOARD_BUDGET_MS)}  (DOMContentLoaded {dcl} ms)"
        )
        print(
            f"  {f'dashboard rendered ({label})':<36} {ready:7.0f} ms  budget {DASHBOARD_BUDGET_MS} ms  "
            f"{mark(ready, DASHBOARD_BUDGET_MS)}  (its heading, after the API calls)"
        )
    seconds = measured["journey_s"]
    print(
        f"  {'browser journey (sign-up to export)':<36} {seconds:7.1f} s   budget {JOURNEY_BUDGET_S} s    {mark(seconds, JOURNEY_BUDGET_S)}  "
        f"(wall {measured['journey_wall_s']} s, of which {measured['journey_checks_s']} s axe checks and screenshots)"
    )
    phases = " · ".join(f"{name} {value} s" for name, value in measured.get("phases_s", {}).items())
    print(f"    {phases}")


if __name__ == "__main__":
    main()
