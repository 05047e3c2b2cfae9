"""``cablegate mirror OUT/``: a thin skin over :func:`cablegate.mirror.build.build`."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click

from cablegate.archive import default_location
from cablegate.errors import CablegateError

_SINCE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?")


@click.command("mirror")
@click.argument("out", type=click.Path(file_okay=False))
@click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False),
    help="Archive: a SQLite file or a postgresql:// URL (default: $CABLEGATE_DB, else"
    " ./cablegate.db).",
)
@click.option(
    "--base-url",
    default="",
    help="Where the mirror will be served (https://host/prefix): canonical links and "
    "permalinks become absolute under it (default: relative).",
)
@click.option(
    "--jobs",
    type=int,
    default=None,
    help="Rendering processes (default: one per core; 1 renders in this process).",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress on stderr (default: on a terminal)."
)
@click.option(
    "--json/--no-json", "with_json", default=True, help="Write the .json twins (default: yes)."
)
@click.option(
    "--since",
    default=None,
    help="Only cables stored since this UTC date or time (2026-12-06 or 2026-12-06T20:00), "
    "with the pages that list them; the rest of the tree is kept as it is.",
)
@click.option("--delete", is_flag=True, help="Remove the files of pages no longer produced.")
@click.option("--force", is_flag=True, help="Write into a folder that is not a mirror.")
@click.option(
    "--verify", is_flag=True, help="Check OUT against its manifest; exit 1 listing faults."
)
def mirror_command(
    out: str,
    db: str | None,
    base_url: str,
    jobs: int | None,
    progress: bool | None,
    with_json: bool,
    since: str | None,
    delete: bool,
    force: bool,
    verify: bool,
) -> None:
    """Write the whole archive to OUT as static files any web server or CDN can serve.

    Pages are rendered by the live site's own views and templates; links are relative, so the
    tree works under any path prefix. A second run rewrites only what changed. Exit status: 0
    done, 1 the mirror could not be written (or --verify found faults).
    """
    from cablegate.mirror.build import Options, build, print_progress
    from cablegate.mirror.tree import verify as verify_tree

    try:
        if verify:
            faults = verify_tree(Path(out))
            for fault in faults:
                click.echo(f"{fault.kind}: {fault.path}")
            if faults:
                raise click.ClickException(f"{len(faults):,} files do not match the manifest")
            click.echo(f"{out}: every file matches the manifest")
            return
        if since and not _SINCE.fullmatch(since):
            raise click.BadParameter(
                "a date (2026-12-06) or time (2026-12-06T20:00)", param_hint="--since"
            )
        if jobs is not None and jobs < 1:
            raise click.BadParameter("at least 1", param_hint="--jobs")
        if base_url and not base_url.startswith(("http://", "https://")):
            raise click.BadParameter(
                "an http(s) URL, e.g. https://example.org/cables", param_hint="--base-url"
            )
        show = sys.stderr.isatty() if progress is None else progress
        options = Options(
            base_url=base_url,
            jobs=jobs or os.cpu_count() or 1,
            with_json=with_json,
            since=since.replace(" ", "T") if since else None,
            delete=delete,
            force=force,
        )
        summary = build(default_location(db), Path(out), options, print_progress if show else None)
    except CablegateError as exc:
        raise click.ClickException(str(exc)) from None
    c = summary.counts
    click.echo(
        json.dumps(
            {
                "out": out,
                "cables": summary.cables,
                "lists": summary.lists,
                "people": summary.people,
                "files": summary.files,
                "written": c.written,
                "unchanged": c.unchanged,
                "skipped": c.skipped,
                "removed": c.removed,
                "stale": c.stale,
                "search": summary.search,
                "bytes_written": c.bytes_written,
                "seconds": round(summary.seconds, 1),
                "phases": {k: round(v, 1) for k, v in summary.phases.items()},
            }
        )
    )
