"""``cablegate serve``: the web archive under uvicorn (registered in ``cablegate.cli``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from cablegate.archive import Location, default_location
from cablegate.errors import CablegateError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--db",
    "db",
    default=None,
    help="Archive: a SQLite file or a postgresql:// URL (default: $CABLEGATE_DB, else"
    " ./cablegate.db).",
)
@click.option(
    "--index",
    "index",
    default=None,
    help="Search index folder (default: $CABLEGATE_INDEX, else beside a SQLite file, else this"
    " node's cache folder for a URL).",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (one per core serves the most pages).",
)
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
@click.option("--access-log/--no-access-log", default=True, show_default=True)
def serve_command(
    host: str,
    port: int,
    db: str | None,
    index: str | None,
    workers: int,
    reload: bool,
    log_level: str,
    access_log: bool,
) -> None:
    """Serve the web archive: cable pages, browse, search and the JSON API."""
    import uvicorn

    from cablegate.web import workers as workers_mod
    from cablegate.web.app import open_archive

    try:
        path = default_location(db)
    except CablegateError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if not path.is_url:
        path = Location("sqlite", str(path.path.resolve()))
    if not path.exists():
        click.echo(
            f"Error: no archive at {path}. Create one with: cablegate ingest SOURCE... --db {path}",
            err=True,
        )
        sys.exit(2)
    try:  # fail here with one line, not in every worker's startup with a traceback
        open_archive(path, index).store.close()
    except CablegateError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    # Workers are separate processes: they find the archive through the environment.
    os.environ["CABLEGATE_DB"] = path.target
    if index:
        os.environ["CABLEGATE_INDEX"] = str(Path(index).resolve())
    click.echo(
        f"Serving {path} on http://{host}:{port}/ ({workers} worker{'s' if workers > 1 else ''})",
        err=True,
    )
    options: dict[str, Any] = {
        "app": "cablegate.web.app:app_from_env",
        "factory": True,
        "host": host,
        "port": port,
        "log_level": log_level,
        "access_log": access_log,
        "http": "httptools",
        "loop": "uvloop",
        "lifespan": "on",
    }
    if workers > 1 and not reload and workers_mod.supported():
        try:
            sockets = workers_mod.bound_sockets(host, port, workers)
        except OSError as exc:
            click.echo(f"Error: cannot bind {host}:{port}: {exc.strerror or exc}", err=True)
            sys.exit(2)
        sys.exit(workers_mod.Workers(options, sockets).run())
    uvicorn.run(**options, workers=workers if not reload else None, reload=reload)
