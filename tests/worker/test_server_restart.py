"""A server restart while a job runs: the job finishes, SSE clients resume and miss nothing."""

from __future__ import annotations

from pathlib import Path

from tests.live import signed_in, start_live_server, wait_for
from tests.worker.test_jobs_with_real_processes import job_state, read_events, start_job


def test_restart_mid_training_loses_nothing(tmp_path: Path) -> None:
    first = start_live_server(tmp_path)
    server = next(first)
    with signed_in(server, "restart@example.com") as (client, workspace):
        job = start_job(client, workspace, budget=8)
        key = client.headers["Authorization"]
        events_url = f"/api/v1/workspaces/{workspace}/training-jobs/{job['id']}/events"
        wait_for(lambda: job_state(client, workspace, job["id"])["trials"] >= 1, timeout_s=120)
        before = read_events(client, events_url, stop_after=3)
    for _ in first:  # stops serve, and with it the worker, mid-training
        pass

    second = start_live_server(tmp_path)
    server = next(second)
    try:
        with server.client() as client:
            client.headers["Authorization"] = key
            after = read_events(client, events_url, last_id=before[-1]["id"])
            everything = read_events(client, events_url)
            final = job_state(client, workspace, job["id"])
    finally:
        for _ in second:
            pass
    assert before + after == everything
    assert '"succeeded"' in everything[-1]["data"]
    assert final["status"] == "succeeded" and final["attempt"] == 2
    assert sum('"succeeded"' in e["data"] for e in everything) == 1
