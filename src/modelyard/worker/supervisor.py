"""The local worker that `modelyard serve` keeps alive in the embedded setup."""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
import threading
import time

import structlog

log = structlog.get_logger(__name__)
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the worker gets SIGKILL when the thread that started it dies, so a killed
    `serve` never leaves an orphaned worker behind."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class WorkerSupervisor:
    """Runs `modelyard worker` as a child process and restarts it whenever it dies."""

    def __init__(self, concurrency: int, restart_delay_s: float = 1.0) -> None:
        self.command = [
            sys.executable,
            "-m",
            "modelyard",
            "worker",
            "--concurrency",
            str(concurrency),
        ]
        self.restart_delay_s = restart_delay_s
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._keep_alive, name="worker-supervisor", daemon=True
        )

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        self.process = subprocess.Popen(self.command, preexec_fn=_die_with_parent)  # noqa: S603
        log.info("local_worker_started", pid=self.process.pid)

    def _keep_alive(self) -> None:
        while not self._stop.wait(0.5):
            if self.process is not None and self.process.poll() is not None:
                log.warning("local_worker_died", code=self.process.returncode)
                time.sleep(self.restart_delay_s)
                if not self._stop.is_set():
                    self.restarts += 1
                    self._spawn()

    def stop(self) -> None:
        self._stop.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
