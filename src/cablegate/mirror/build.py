"""``cablegate mirror OUT/``: the whole archive as static files, rendered by the live site.

The plan (every file and the key of its inputs) is made in this process from one bulk read of
the store; pages whose key has not changed are kept without rendering; the rest are rendered by
``jobs`` processes, each with its own app (:class:`~cablegate.mirror.pages.Renderer`), and
written whole. The manifest is written last: a run killed at any point is simply run again.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cablegate.archive import Location, open_store
from cablegate.errors import CablegateError
from cablegate.export.citation import FORMATS as CITATIONS
from cablegate.mirror import links, pointers, search
from cablegate.mirror.pages import File, Renderer
from cablegate.mirror.plan import CableJob, cable_jobs, key_of, list_keys, members, touched
from cablegate.mirror.tree import Entry, Tree, TreeCounts, put
from cablegate.vocabulary import AXES
from cablegate.web.views.browse import INDEX_PATHS, PER_PAGE
from cablegate.web.views.help import PAGES as HELP_PAGES

Progress = Callable[[str], None]
CHUNK = 100  # jobs a worker takes at a time: large enough that the pipe costs nothing


@dataclass(frozen=True, slots=True)
class Options:
    base_url: str = ""
    jobs: int = 1
    with_json: bool = True
    since: str | None = None  # ISO date or time: only cables stored since, and their lists
    delete: bool = False
    force: bool = False


@dataclass(frozen=True, slots=True)
class BrowseJob:
    axis: str
    value: str
    page: int
    key: str


@dataclass(frozen=True, slots=True)
class PointerJob:
    """An old address: its file, the new page relative to it, canonical URL, title."""

    file: str
    target: str
    canonical: str
    title: str
    key: str


Job = CableJob | BrowseJob | PointerJob


@dataclass
class Summary:
    counts: TreeCounts
    cables: int = 0
    lists: int = 0
    files: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    search: str = "kept"  # or "built": the search index was (re)written this run


def build(
    where: Location | Path, out: Path, options: Options, progress: Progress | None = None
) -> Summary:
    """Write (or bring up to date) the mirror of the archive at ``where`` in ``out``."""
    started = time.perf_counter()
    if isinstance(where, Path):
        where = Location("sqlite", str(where))
    if not where.exists():
        raise CablegateError(f"no archive at {where}: create one with `cablegate ingest`")
    db = where.target  # what the renderers (other processes too) open the app with
    store = open_store(where, readonly=True)
    tree = Tree.open(out, force=options.force)
    summary = Summary(tree.counts)
    note = progress or (lambda _msg: None)
    base = options.base_url.rstrip("/")
    try:
        inputs = store.cable_inputs()
        summary.phases["read"] = time.perf_counter() - started
        keep = touched(inputs, options.since) if options.since else None
        pending: list[Job] = []
        salt = f"{base}|{options.with_json}"
        for job in cable_jobs(inputs, salt):
            if keep is not None and job.refid not in keep:
                continue
            summary.cables += 1
            if not all(tree.fresh(f, job.key) for f in _cable_files(job.refid, options)):
                pending.append(job)
        for axis in AXES:
            keys = list_keys(axis, inputs, salt)
            wanted = None
            if keep is not None:
                wanted = {v for c in inputs if c.refid in keep for v in members(axis, c)}
            for value in store.axis_values(axis):
                if wanted is not None and value.value not in wanted:
                    continue
                pages = max(1, -(-value.count // PER_PAGE))
                key = keys.get(value.value, "")  # unknown to the plan: always rendered
                summary.lists += 1
                for n in range(1, pages + 1):
                    job_b = BrowseJob(axis, value.value, n, key and f"{key}:{n}:{pages}")
                    if not all(tree.fresh(f, job_b.key) for f in _browse_files(job_b, options)):
                        pending.append(job_b)
                for p in pointers.browse_pointers(axis, value.value, pages):
                    _pointer(tree, p, base, pending)
        for c in inputs:
            p_cable = pointers.cable_pointer(c.refid, c.created)
            if p_cable is not None and (keep is None or c.refid in keep):
                _pointer(tree, p_cable, base, pending)
        summary.phases["plan"] = time.perf_counter() - started
        # before the renderer exists: the index's workers are forked from this process
        if search.build(store, tree, inputs, workers=options.jobs):
            summary.search = "built"
            note(f"search index of {len(inputs):,} cables built")
        summary.phases["search"] = time.perf_counter() - started
        note(f"{summary.cables:,} cables, {summary.lists:,} lists: {len(pending):,} to render")
        renderer = Renderer(db, base, options.with_json)
        try:
            for file in _fixed(renderer, options):
                tree.write(file.path, file.data)
            _render(pending, tree, options, db, renderer, note)
        finally:
            renderer.close()
        summary.phases["render"] = time.perf_counter() - started
        tree.finish(delete=options.delete, keep_unvisited=keep is not None)
    finally:
        store.close()
    summary.files = len(tree.new)
    summary.seconds = time.perf_counter() - started
    return summary


def _cable_files(refid: str, options: Options) -> list[str]:
    out = [f"cable/{refid}/index.html", f"cable/{refid}.txt", f"cable/{refid}/cited-by.atom"]
    out += [f"cable/{refid}{f.suffix}" for f in CITATIONS]
    return out + [f"cable/{refid}.json"] if options.with_json else out


def _browse_files(job: BrowseJob, options: Options) -> list[str]:
    from cablegate.web.urls import browse_url

    folder = links.address(browse_url(job.axis, job.value) + f"?page={job.page}")
    out = [links.file_of(folder)]
    if job.page == 1:
        out.append(links.file_of(links.address(browse_url(job.axis, job.value, ".atom"))))
    return out + [links.file_of(folder.rstrip("/") + ".json")] if options.with_json else out


def _pointer(tree: Tree, p: pointers.Pointer, base: str, pending: list[Job]) -> None:
    """Queue an old address's pointer page unless it is there already: writing 300,000 small
    files is work for the rendering processes too (measured: 100 s in this one at full scale)."""
    key = key_of("pointer", p.url, base)
    if not tree.fresh(p.file, key):
        target = links.address(p.url)
        canonical = f"{base}/{target}" if base else links.relative(target, p.file)
        pending.append(PointerJob(p.file, links.relative(target, p.file), canonical, p.title, key))


def _fixed(r: Renderer, options: Options) -> Iterator[File]:
    """The pages that are not a cable or a list: few, always rendered (writes still skip
    identical bytes)."""
    yield r.page("/", "index.html")
    yield r.page("/help", "help/index.html")
    for slug in HELP_PAGES:
        yield r.page(f"/help/{slug}", f"help/{slug}/index.html")
    yield r.page("/api", "api/index.html")
    yield r.data("/api/openapi.json", "api/openapi.json")
    for path in INDEX_PATHS:
        yield r.page(path, f"{path[1:]}/index.html")
        if options.with_json:
            yield r.data(f"{path}.json", f"{path[1:]}.json")
    if options.with_json:
        yield r.data("/index.json", "index.json")
    yield r.page("/changes", "changes/index.html")
    if options.with_json:
        yield r.data("/changes.json", "changes.json")
    yield r.search_page()
    yield r.opensearch()
    yield r.page("/releases.atom", "releases.atom")
    yield r.page("/changes.atom", "changes.atom")
    for p in pointers.fixed_pointers():
        here = links.relative(links.address(p.url), p.file)
        canonical = f"{r.base_url}/{links.address(p.url)}" if r.base_url else here
        yield File(p.file, pointers.page(here, canonical, p.title))
    yield r.not_found()
    yield from r.static()


# -- rendering, in this process or in --jobs workers -------------------------------------------

Done = tuple[str, str, str, int | None]  # path, sha256, key, bytes written (None: unchanged)
_worker: tuple[Renderer, Path] | None = None


def _render(
    pending: list[Job], tree: Tree, options: Options, db: str, here: Renderer, note: Progress
) -> None:
    chunks = [pending[i : i + CHUNK] for i in range(0, len(pending), CHUNK)]
    tasks = [(chunk, _old(tree, chunk, options)) for chunk in chunks]
    done = 0
    last = time.perf_counter()

    def take(results: Iterable[list[Done]]) -> None:
        nonlocal done, last
        for part in results:
            for path, sha, key, written in part:
                tree.record(path, sha, key, written)
            done += 1
            if time.perf_counter() - last > 5:
                last = time.perf_counter()
                note(f"rendered {min(done * CHUNK, len(pending)):,} of {len(pending):,}")

    if options.jobs <= 1 or len(chunks) < 2:
        global _worker
        _worker = (here, tree.root)
        try:
            take(_run(t) for t in tasks)
        finally:
            _worker = None
        return
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited SQLite state
    with ctx.Pool(options.jobs, _start, (db, options, str(tree.root))) as pool:
        take(pool.imap_unordered(_run, tasks))


def _old(tree: Tree, chunk: list[Job], options: Options) -> dict[str, Entry]:
    files: list[str] = []
    for job in chunk:
        if isinstance(job, CableJob):
            files += _cable_files(job.refid, options)
        elif isinstance(job, BrowseJob):
            files += _browse_files(job, options)
        else:
            files.append(job.file)
    return {f: e for f in files if (e := tree.old.get(f)) is not None}


def _start(db: str, options: Options, root: str) -> None:
    global _worker
    _worker = (Renderer(db, options.base_url.rstrip("/"), options.with_json), Path(root))


def _run(task: tuple[list[Job], dict[str, Entry]]) -> list[Done]:
    assert _worker is not None, "a worker renders only after _start"
    renderer, root = _worker
    chunk, old = task
    out: list[Done] = []
    for job in chunk:
        if isinstance(job, CableJob):
            files = renderer.cable(job)
        elif isinstance(job, BrowseJob):
            files = renderer.browse(job.axis, job.value, job.page)
        else:
            files = [File(job.file, pointers.page(job.target, job.canonical, job.title))]
        for f in files:
            sha, written = put(root, f.path, f.data, old.get(f.path))
            out.append((f.path, sha, job.key, written))
    return out


def print_progress(message: str) -> None:
    print(f"mirror: {message}", file=sys.stderr, flush=True)
