"""The demo workspace: an owner account and the shipped sample datasets, ready to train on.

Created on the first start of `modelyard serve` (when the database has no user yet) and by
`modelyard demo`. The owner's password is generated and printed once; it is never fixed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from modelyard.auth import service as auth
from modelyard.datasets import service as datasets
from modelyard.datasets.samples import list_samples
from modelyard.kit.db import create_engine, create_sessionmaker, session_scope
from modelyard.settings import Settings
from modelyard.storage import open_store
from modelyard.worker.queue import create_queue
from modelyard.workspaces import service as workspaces

DEMO_EMAIL = "demo@modelyard.example.com"
DEMO_WORKSPACE = "Demo workspace"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    workspace_id: str
    datasets: int


async def create_demo(settings: Settings, *, only_if_empty: bool) -> DemoAccount | None:
    """Create the demo owner, workspace and sample datasets; None when skipped."""
    engine = create_engine(settings.resolved_database_url)
    sessionmaker = create_sessionmaker(engine)
    store = open_store(settings.resolved_storage_url, **settings.storage_options)
    try:
        async with session_scope(sessionmaker) as db:
            if only_if_empty and await auth.has_users(db):
                return None
            if await auth.find_user_by_email(db, DEMO_EMAIL) is not None:
                return None
            password = secrets.token_urlsafe(12)
            user = await auth.register_user(
                db, email=DEMO_EMAIL, password=password, name="Demo owner"
            )
            principal = auth.principal_for(user)
            workspace = await workspaces.create_workspace(
                db,
                principal,
                name=DEMO_WORKSPACE,
                description="Sample datasets to try Modelyard with.",
            )
            job_ids = []
            for sample in list_samples():
                _, version = await datasets.import_sample(
                    db,
                    store,
                    workspace.id,
                    principal,
                    sample.name,
                    max_columns=settings.max_dataset_columns,
                )
                job_ids.append((await datasets.start_profiling(db, version, principal)).id)
        # Profiled by the workers, like any upload (`serve` starts one).
        queue = create_queue(settings)
        for job_id in job_ids:
            await queue.enqueue(job_id)
        return DemoAccount(DEMO_EMAIL, password, workspace.id, len(job_ids))
    finally:
        await engine.dispose()


def announce(account: DemoAccount, public_url: str, echo: Callable[[str], object]) -> None:
    echo("")
    echo(f"  Demo workspace ready with {account.datasets} sample datasets.")
    echo(f"  Log in at {public_url} as {account.email}")
    echo(f"  password: {account.password}   (shown once; change it after logging in)")
    echo("")
