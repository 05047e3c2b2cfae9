"""The ``cablegate`` command: each command parses its options, calls one library function, prints."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import click

from cablegate.archive import Location, UnknownScheme, default_location, index_path, open_store
from cablegate.errors import CablegateError, QueryError
from cablegate.vocabulary import SEARCH_SORTS, keys

DB_HELP = (
    "Archive: a SQLite file or a postgresql:// URL (default: $CABLEGATE_DB, else ./cablegate.db)."
)
INDEX_HELP = (
    "Search index folder (default: $CABLEGATE_INDEX, else beside a SQLite file, else this"
    " node's cache folder for a URL)."
)


def _db_option(f: Any) -> Any:
    f = click.option("--index", "index", default=None, help=INDEX_HELP)(f)
    return click.option("--db", "db", default=None, help=DB_HELP)(f)


def _location(db: str | None) -> Location:
    """``--db`` or its default; a scheme this build cannot open is a usage error (exit 2)."""
    try:
        return default_location(db)
    except UnknownScheme as exc:
        raise click.UsageError(str(exc)) from None


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@contextmanager
def _open(
    db: str | None,
    index_dir: str | None = None,
    *,
    create: bool = False,
    recreate: bool = False,
    readonly: bool = False,
) -> Iterator[Any]:
    """The store and search index of ``--db``/``--index``, closed on the way out;
    ``readonly``: the store is only read (not even upgraded to this cablegate's schema)."""
    from cablegate.search.index import SearchIndex
    from cablegate.search.mark import indexer_lock

    where = _location(db)
    if not create and not where.exists():
        raise click.ClickException(
            f"no archive at {where}: run `cablegate ingest SOURCE... --db {where}` first"
        )
    try:
        store = open_store(where, writer=create, readonly=readonly)
    except CablegateError as exc:
        raise click.ClickException(str(exc)) from None
    path = index_path(where, index_dir)
    # a rebuild takes the index's writer lock first: no node of it catches up meanwhile
    with indexer_lock(path) if recreate else nullcontext():
        try:
            index = SearchIndex.open(path, recreate=recreate)
        except CablegateError as exc:
            store.close()
            raise click.ClickException(str(exc)) from None
        try:
            yield store, index
        finally:
            index.close()
            store.close()


@click.group()
@click.version_option(package_name="cablegate")
def main() -> None:
    """Parse, store, search and serve the Cablegate diplomatic cables."""


@main.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "html", "media", "releases"]),
    help="Force the format of every SOURCE (default: detected from content).",
)
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Parser processes (default: one per core; 1 parses in-process).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar with cables/s (default: on a terminal only).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(
    sources: tuple[str, ...],
    db: str | None,
    index: str | None,
    fmt: str | None,
    workers: int | None,
    progress: bool | None,
    as_json: bool,
) -> None:
    """Load SOURCEs (cables.csv, cable pages: file, directory or .tar.*, media.csv, releases.csv).

    Re-ingest is an upsert by refid; every distinct text is kept as a version. Exit status: 0
    everything went in, 1 some records were rejected or damaged (listed), 2 nothing could be
    read.
    """
    from cablegate.ingest import ingest as run_ingest

    show = sys.stderr.isatty() if progress is None else progress
    with _open(db, index, create=True) as (store, search_index), _progress(show) as tick:
        summary = run_ingest(store, search_index, sources, fmt=fmt, workers=workers, progress=tick)
    if as_json:
        _echo_json(summary.to_dict())
    else:
        _print_summary(summary)
    sys.exit(summary.exit_code)


@contextmanager
def _progress(show: bool) -> Iterator[Any]:
    if not show:
        yield None
        return
    from rich.progress import (
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed or 0:,.0f} cables/s")

    with Progress(
        SpinnerColumn(),
        TextColumn("ingest"),
        MofNCompleteColumn(),
        Rate(),
        TimeElapsedColumn(),
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None)
        yield lambda n: bar.advance(task, n)


def _print_summary(s: Any) -> None:
    click.echo(
        f"{s.cables:,} cables in {s.seconds:.1f}s: {s.new:,} new, {s.updated:,} updated, "
        f"{s.unchanged:,} unchanged; {s.with_problems:,} with problems, {s.rejected:,} rejected"
    )
    if s.media or s.releases:
        click.echo(f"{s.media:,} media links, {s.releases:,} release events added")
    if s.media_ignored:
        click.echo(f"{s.media_ignored:,} media values were placeholder words, not links")
    if s.problem_kinds:
        kinds = ", ".join(f"{k} {n:,}" for k, n in s.problem_kinds.most_common(6))
        click.echo(f"problems by field: {kinds}")
    for _source, reason in s.failed_sources:
        click.echo(f"error: {reason}", err=True)
    for location, reason in s.damaged[:50]:
        click.echo(f"damaged {location}: {reason}", err=True)
    for location, reason in s.rejects[:50]:
        click.echo(f"rejected {location}: {reason}", err=True)
    if s.rejected > 50:
        click.echo(
            f"... and {s.rejected - 50:,} more rejected (kept in the rejects table)", err=True
        )


@main.command()
@click.argument("refid")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="The parsed cable and its stored extras.")
@click.option(
    "--history",
    is_flag=True,
    help="Its versions: sources, dates, redactions and what changed (with --json: as data).",
)
def show(refid: str, db: str | None, index: str | None, as_json: bool, history: bool) -> None:
    """Show one cable (any spelling of its reference id)."""
    from cablegate.versions.stored import history_of

    with _open(db, index) as (store, _):
        stored = store.get(refid)
        if stored is None:
            raise click.ClickException(f"no cable {refid!r} in {_location(db)}")
        found = history_of(store, stored.refid) if history else None
        if as_json:
            data = stored.laid_out().to_dict()
            if found is not None:
                data["history"] = found.to_dict()
            _echo_json(data)
            return
        if found is not None:
            _print_history(found)
            return
        c = stored.cable
        rows = [
            ("Reference ID", c.refid),
            ("Created", c.created),
            ("Released", c.released),
            ("Classification", c.classification),
            ("Origin", c.origin),
            ("Subject", c.subject),
            ("Tags", " ".join(c.tags)),
            ("References", " ".join(c.references)),
            ("Classified by", "; ".join(c.classified_by)),
            ("Reasons", ", ".join(c.classification_reasons)),
            ("Media", " ".join(stored.media)),
        ]
        for k, v in rows:
            if v:
                click.echo(f"{k:15} {v}")
        click.echo("\n" + c.header + "\n\n" + c.body)


def _print_history(h: Any) -> None:
    """The timeline, then each version with its sources."""
    click.echo(f"{h.refid}: {len(h.versions)} version{'s' if len(h.versions) != 1 else ''}")
    for a in h.timeline:
        when = a.first_seen if a.first_seen == a.last_seen else f"{a.first_seen}..{a.last_seen}"
        line = f"  {when:22} version {a.version}"
        click.echo(line + (f": {a.change.summary}" if a.change else ": first seen"))
    for v in h.versions:
        state = f"{v.redactions} redactions" if v.redactions else "no redaction"
        hidden = (
            f", hides {v.hidden.redacted_words:,} words of the current text"
            if (v.hidden.redacted_words)
            else ""
        )
        click.echo(f"\nversion {v.number}{' (current)' if v.current else ''}: {state}{hidden}")
        for s in v.sightings:
            click.echo(f"  {s.seen}  {s.source:8} {s.name}  ({s.basis})")
    for t in h.damaged:
        click.echo(f"\ndamaged copy ({t.damaged}): " + ", ".join(s.name for s in t.sightings))


_MARK = re.compile(r"</?mark>")


@main.command()
@click.argument("query")
@_db_option
@click.option("--limit", default=20, show_default=True, help="Hits per page.")
@click.option("--page", default=1, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(keys(SEARCH_SORTS)),
    default="relevance",
    show_default=True,
)
@click.option("--json", "as_json", is_flag=True)
def search(
    query: str, db: str | None, index: str | None, limit: int, page: int, sort: str, as_json: bool
) -> None:
    """Full-text search (syntax: README, "Search syntax")."""
    with _open(db, index) as (_, search_index):
        try:
            result = search_index.search(
                query, sort=sort, page=page, per_page=limit, facets=as_json
            )
        except QueryError as exc:
            raise click.ClickException(f"cannot read the query: {exc}") from None
    if as_json:
        _echo_json(result.to_dict())
        return
    click.echo(f"{result.total:,} cables match {query!r} ({result.took_ms:.1f} ms)")
    for hit in result.hits:
        click.echo(
            f"\n{click.style(hit.refid, bold=True)}  {hit.created or '?'}  {hit.origin or '?'}"
            f"  {hit.classification or '?'}\n  {hit.subject}"
        )
        snippet = _MARK.sub(lambda m: "**", hit.snippet or "")
        click.echo("  " + html.unescape(snippet).replace("\n", " "))


@main.command(
    "export", short_help="Write the cables of a search (or all) as JSONL, CSV or Parquet."
)
@click.argument("args", nargs=-1, required=True, metavar="[QUERY] OUT")
@_db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
    help="Parquet needs the extra: pip install 'cablegate[parquet]'.",
)
@click.option(
    "--fields",
    default=None,
    help="Comma-separated fields, in that order (default: all; docs/api.md, Exports).",
)
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="NAME=VALUE",
    help="A facet filter as /search takes it (tag=PTER, year=2007...); repeat to stack.",
)
def export_cmd(
    args: tuple[str, ...],
    db: str | None,
    index: str | None,
    fmt: str,
    fields: str | None,
    filters: tuple[str, ...],
) -> None:
    """Write the cables matching QUERY (the search syntax; none: every cable) to OUT (`-`:
    standard output, for jsonl and csv), streamed in batches, in refid order (a browse list's
    own order is the web's /tag/X.csv). Every field of the parsed cable, or --fields."""
    from cablegate.export.selection import export
    from cablegate.search.facets import FACETS

    if len(args) > 2:
        raise click.UsageError("give at most a QUERY and OUT (quote a query of several words)")
    query, out = ("", args[0]) if len(args) == 1 else args
    stacked: dict[str, list[str]] = {}
    for f in filters:
        name, sep, value = f.partition("=")
        if not sep or name not in FACETS or not value:
            raise click.UsageError(
                f"--filter {f!r}: give NAME=VALUE, NAME one of " + ", ".join(FACETS)
            )
        stacked.setdefault(name, []).append(value)
    if out == "-" and fmt == "parquet":
        raise click.UsageError("Parquet is written to a file: give OUT")
    target = sys.stdout if out == "-" else Path(out)
    with _open(db, index, readonly=True) as (store, search_index):
        try:
            n = export(
                store, search_index, fmt, target, query=query, filters=stacked, fields=fields
            )
        except QueryError as exc:
            raise click.ClickException(f"cannot read the query: {exc}") from None
        except CablegateError as exc:
            raise click.ClickException(str(exc)) from None
    if out != "-":
        click.echo(f"{n:,} cables written to {out}", err=True)


@main.command()
@_db_option
@click.option("--json", "as_json", is_flag=True)
def stats(db: str | None, index: str | None, as_json: bool) -> None:
    """Counts: cables, by classification, by year, release days, problems, versions."""
    with _open(db, index) as (store, search_index):
        data = store.stats()
        data["indexed"] = search_index.count()
    if as_json:
        _echo_json(data)
        return
    click.echo(f"{data['cables']:,} cables ({data['indexed']:,} in the search index)")
    for key in (
        "origins",
        "tags",
        "references",
        "media_links",
        "with_problems",
        "versions",
        "older_versions",
        "damaged_versions",
        "cables_with_versions",
        "redacted_cables",
        "redacted_versions",
        "hidden_words",
        "rejected",
    ):
        click.echo(f"  {key.replace('_', ' '):20} {data[key]:,}")
    click.echo(
        "by classification: "
        + ", ".join(f"{k} {v:,}" for k, v in data["by_classification"].items())
    )


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
@click.option("--format", "fmt", type=click.Choice(["csv", "html"]), default=None)
def parse_cmd(files: tuple[str, ...], fmt: str | None) -> None:
    """Parse cables without storing them; print one JSON object per cable."""
    from cablegate.ingest import detect_format, parse_record, unit_records, units
    from cablegate.sources.record import Reject

    bad = 0
    for f in files:
        path = Path(f)
        try:
            kind = fmt or detect_format(path)
        except CablegateError as exc:
            click.echo(f"error: {exc}", err=True)
            bad += 1
            continue
        if kind not in ("csv", "html"):
            click.echo(f"error: {path}: {kind} files hold no cables", err=True)
            bad += 1
            continue
        for unit in units(path, kind):
            for rec in unit_records(unit):
                if isinstance(rec, Reject):
                    bad += 1
                    click.echo(f"rejected {rec.location}: {rec.reason}", err=True)
                else:
                    click.echo(json.dumps(parse_record(rec).to_dict(), ensure_ascii=False))
    sys.exit(1 if bad else 0)


@main.command()
@_db_option
def reindex(db: str | None, index: str | None) -> None:
    """Rebuild the search index from the database (also after a change of index schema)."""
    from cablegate.ingest import catch_up

    with _open(db, index, recreate=True) as (store, search_index):
        n = catch_up(store, search_index)  # a new index: every cable, read-only on the store
    click.echo(f"{n:,} cables indexed")


@main.command("copy")
@click.argument("src")
@click.argument("dst")
@click.option("--index", "index", default=None, help="Search index of DST. " + INDEX_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print rows copied per table as JSON.")
def copy_cmd(src: str, dst: str, index: str | None, as_json: bool) -> None:
    """Copy the archive SRC into a new, empty archive DST (each a SQLite file or a
    postgresql:// URL, either way), check row counts and text hashes, index DST."""
    from cablegate.ingest import catch_up
    from cablegate.store.transfer import copy_archive

    where = _location(src)
    if not where.exists():
        raise click.ClickException(f"no archive at {where}")
    try:
        source = open_store(where, readonly=True)
    except CablegateError as exc:
        raise click.ClickException(str(exc)) from None
    try:
        with _open(dst, index, create=True, recreate=True) as (store, search_index):
            try:
                report = copy_archive(source, store)
            except CablegateError as exc:
                raise click.ClickException(str(exc)) from None
            indexed = catch_up(store, search_index)  # DST's index is new: every cable
    finally:
        source.close()
    if as_json:
        _echo_json({**report.to_dict(), "indexed": indexed})
        return
    rows = ", ".join(f"{t} {n:,}" for t, n in report.rows.items())
    click.echo(f"copied {where} to {_location(dst)}: {rows}; checked; {indexed:,} indexed")


@main.command()
@click.argument("refid", required=False)
@_db_option
@click.option("--build", is_flag=True, help="Group the near-duplicates of the whole archive.")
@click.option("--json", "as_json", is_flag=True)
def similar(
    refid: str | None, db: str | None, index: str | None, build: bool, as_json: bool
) -> None:
    """The cables most like REFID and its near-duplicates; with --build, group the
    near-duplicates of the whole archive first (written beside the search index)."""
    from cablegate.nearduplicates import build as build_groups
    from cablegate.similarity import similar_to

    if not build and refid is None:
        raise click.UsageError("give a REFID, or --build")
    with _open(db, index) as (store, search_index):
        if build:
            try:
                built = build_groups(store, search_index.path)
            except ImportError:
                raise click.ClickException(
                    "grouping near-duplicates needs datasketch: pip install 'cablegate[similar]'"
                ) from None
            if as_json and refid is None:
                _echo_json(built.to_dict())
            else:
                click.echo(
                    f"{built.groups:,} groups of near-duplicates ({built.cables:,} of"
                    f" {built.read:,} cables) in {built.seconds:,.1f} s: {built.path}"
                )
        if refid is None:
            return
        try:
            found = similar_to(store, search_index, refid)
        except CablegateError as exc:
            raise click.ClickException(str(exc)) from None
    if as_json:
        _echo_json(found.to_dict())
        return
    for hit in found.similar or ():
        click.echo(f"{hit.refid}\t{(hit.created or '')[:10]}\t{hit.origin or ''}\t{hit.subject}")
    if found.near_duplicates is None:
        click.echo("near-duplicates: not grouped yet (cablegate similar --build)")
    else:
        click.echo(
            "near-duplicates: " + (", ".join(s.refid for s in found.near_duplicates) or "none")
        )


def _register_web() -> None:
    from cablegate.web.cli import serve_command

    main.add_command(serve_command, "serve")
    from cablegate.mirror.cli import mirror_command

    main.add_command(mirror_command, "mirror")


_register_web()


if __name__ == "__main__":
    main()
