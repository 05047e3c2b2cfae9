"""``cablegate serve``: the web archive under uvicorn (registered in ``cablegate.cli``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from cablegate.archive import Location, default_location
from cablegate.errors import CablegateError
from cablegate.web.settings import SETTINGS, from_env, to_env


def default_workers() -> int:
    """One worker per core: a worker is one Python process, busy on one core at a time."""
    return os.cpu_count() or 1


def _setting_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """A ``--name`` flag for each serve setting (``web.settings.SETTINGS``), over its
    ``CABLEGATE_*`` variable and its default."""
    for setting in reversed(SETTINGS):
        command = click.option(
            setting.flag,
            setting.name,
            type=click.IntRange(setting.minimum),
            default=None,
            help=f"{setting.help} [default: ${setting.env}, else {setting.default}]",
        )(command)
    return command


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
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes [default: one per core; 1 with --reload].",
)
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
@click.option("--access-log/--no-access-log", default=True, show_default=True)
@_setting_options
def serve_command(
    host: str,
    port: int,
    db: str | None,
    index: str | None,
    workers: int | None,
    reload: bool,
    log_level: str,
    access_log: bool,
    **given: int | None,
) -> None:
    """Serve the web archive: cable pages, browse, search and the JSON API."""
    import uvicorn

    from cablegate.web import workers as workers_mod
    from cablegate.web.app import open_archive

    try:
        path = default_location(db)
        settings = replace(from_env(), **{k: v for k, v in given.items() if v is not None})
    except (CablegateError, ValueError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    if workers is None:
        workers = 1 if reload else default_workers()
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
    # Workers are separate processes: they find the archive and settings in the environment.
    os.environ["CABLEGATE_DB"] = path.target
    os.environ.update(to_env(settings))
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
