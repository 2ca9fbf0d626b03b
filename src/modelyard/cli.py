"""The `modelyard` command: serve, migrate, doctor, admin, openapi."""

from __future__ import annotations

import asyncio
import json
import platform
import sys
from typing import Annotated

import typer
import uvicorn

from modelyard import __version__, migrations
from modelyard.demo import announce, create_demo
from modelyard.kit.errors import ModelyardError
from modelyard.settings import Settings
from modelyard.worker.supervisor import WorkerSupervisor

app = typer.Typer(help="Modelyard: self-hostable no-code AutoML.", no_args_is_help=True)
admin = typer.Typer(help="Administration commands.", no_args_is_help=True)
app.add_typer(admin, name="admin")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development)")] = False,
    workers: Annotated[int, typer.Option(help="API worker processes")] = 1,
) -> None:
    """Migrate the database, then serve the API and the web app."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(settings.resolved_database_url)
    _ = settings.resolved_secret_key  # created and persisted before workers fork
    if settings.demo:
        account = asyncio.run(create_demo(settings, only_if_empty=True))
        if account is not None:
            announce(account, f"http://{host}:{port}", typer.echo)
    typer.echo(f"Modelyard {__version__} on http://{host}:{port}  (API docs: /api/docs)")
    supervisor = None
    if not settings.external_workers:
        supervisor = WorkerSupervisor(settings.worker_concurrency)
        supervisor.start()
    try:
        _run_uvicorn(host, port, reload=reload, workers=workers)
    finally:
        if supervisor is not None:
            supervisor.stop()


def _run_uvicorn(host: str, port: int, *, reload: bool, workers: int) -> None:
    uvicorn.run(
        "modelyard.app:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        workers=workers,
        proxy_headers=True,
        access_log=False,
        log_level="warning",
    )


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(help="Jobs run at once by this worker")] = 1,
) -> None:
    """Run background jobs (training, batch predictions); start any number, anywhere."""
    from modelyard.worker.process import run_worker

    run_worker(Settings(), concurrency)


@app.command()
def migrate(
    revision: Annotated[str, typer.Argument(help="Target revision")] = "head",
) -> None:
    """Upgrade the database schema (Alembic)."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(settings.resolved_database_url, revision)
    typer.echo(f"Database at {revision}.")


@app.command()
def demo() -> None:
    """Create the demo workspace with the sample datasets and a demo owner account."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(settings.resolved_database_url)
    account = asyncio.run(create_demo(settings, only_if_empty=False))
    if account is None:
        typer.echo("The demo account exists already; its password was printed when it was made.")
        return
    announce(account, settings.public_url, typer.echo)


@app.command()
def doctor() -> None:
    """Check the database, Redis, storage and versions; say what is wrong and how to fix it."""
    from modelyard.doctor import run_doctor

    healthy = asyncio.run(run_doctor(Settings(), typer.echo))
    raise typer.Exit(0 if healthy else 1)


@app.command()
def openapi() -> None:
    """Print the OpenAPI document (the committed openapi.json is this output)."""
    from modelyard.app import create_app

    document = create_app(Settings(log_json=True)).openapi()
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")


@admin.command("create-user")
def create_user(
    email: Annotated[str, typer.Option(prompt=True)],
    name: Annotated[str, typer.Option(prompt=True)],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    superuser: Annotated[bool, typer.Option(help="Grant operator rights")] = False,
) -> None:
    """Create a user account (e.g. the first operator)."""
    from modelyard.admin import create_user as create

    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(settings.resolved_database_url)
    try:
        user_id = asyncio.run(
            create(settings, email=email, name=name, password=password, superuser=superuser)
        )
    except ModelyardError as error:
        typer.echo(f"Error: {error.detail}\nHint: {error.hint}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Created user {email} ({user_id}).")


def version_lines() -> list[str]:
    return [f"modelyard {__version__}", f"python {platform.python_version()}"]
