"""``cablegate mirror OUT/``: the whole archive as static files, rendered by the live site.

The plan (every file and the key of its inputs) is made in this process from one bulk read of
the store; pages whose key has not changed are kept without rendering; the rest are rendered by
``jobs`` processes, each with its own app (:class:`~cablegate.mirror.pages.Renderer`), and
written whole. The manifest is written last: a run killed at any point is simply run again.
"""

from __future__ import annotations

import contextlib
import gc
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
from cablegate.mirror.pages import File, Renderer, list_files, person_files
from cablegate.mirror.plan import (
    CableJob,
    cable_jobs,
    key_of,
    list_keys,
    memberships,
    person_keys,
    touched,
)
from cablegate.mirror.tree import Entry, Tree, TreeCounts, put
from cablegate.mirror.versions import history_files
from cablegate.people import directory
from cablegate.store.base import Store
from cablegate.store.inputs import CableInputs
from cablegate.vocabulary import AXES
from cablegate.web.urls import browse_url
from cablegate.web.views.browse import INDEX_PATHS, PER_PAGE
from cablegate.web.views.help import PAGES as HELP_PAGES
from cablegate.web.views.history import PER_PAGE as CHANGES_PER_PAGE

Progress = Callable[[str], None]
CHUNK = 100  # cables' worth of work a worker takes at a time: the pipe costs nothing then


@dataclass(frozen=True, slots=True)
class Options:
    base_url: str = ""
    jobs: int = 1
    with_json: bool = True
    since: str | None = None  # ISO date or time: only cables stored since, and their lists
    delete: bool = False
    force: bool = False


@dataclass(frozen=True, slots=True)
class ListJob:
    """Every page of one list, rendered in one walk of it; page n's files hold the key
    ``{key}:{n}:{pages}`` (``key`` empty: unknown to the plan, always rendered)."""

    axis: str
    value: str
    pages: int
    key: str

    def page_key(self, n: int) -> str:
        return self.key and f"{self.key}:{n}:{self.pages}"


@dataclass(frozen=True, slots=True)
class PointerJob:
    """An old address's pointer page (made in a rendering process, like any page)."""

    pointer: pointers.Pointer
    key: str


@dataclass(frozen=True, slots=True)
class PersonJob:
    """Every page of one person's cables, as a :class:`ListJob` a list's: page n's files hold
    ``{key}:{n}:{pages}``."""

    slug: str
    pages: int
    key: str

    def page_key(self, n: int) -> str:
        return f"{self.key}:{n}:{self.pages}"


Job = CableJob | ListJob | PersonJob | PointerJob


@dataclass
class Summary:
    counts: TreeCounts
    cables: int = 0
    lists: int = 0
    people: int = 0
    files: int = 0
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds spent in each, in order
    search: str = "kept"  # or "built": the search index was (re)written this run

    def lap(self, phase: str, since: float) -> float:
        """Note the time ``phase`` took since ``since``; the time now, for the next."""
        now = time.perf_counter()
        self.phases[phase] = now - since
        return now


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
    note = progress or (lambda _msg: None)
    base = options.base_url.rstrip("/")
    store = open_store(where, readonly=True)
    beside = contextlib.ExitStack()
    try:
        with _collector_paused():
            tree = Tree.open(out, force=options.force)
            early = beside.enter_context(_fixed_beside(db, options))
            summary = Summary(tree.counts)
            inputs = store.cable_inputs()
            lap = summary.lap("read", started)
            pending = _plan(store, tree, inputs, options, summary)
            lap = summary.lap("plan", lap)
        # before the renderer exists: the index's workers are forked from this process (and
        # get their collector back)
        steps = search.build(store, tree, inputs, workers=options.jobs)
        lap = summary.lap("search", lap)
        if steps is not None:
            summary.search = "built"
            summary.phases.update({f"search {k}": v for k, v in steps.items()})
            note(f"search index of {len(inputs):,} cables built")
        note(
            f"{summary.cables:,} cables, {summary.lists:,} lists, {summary.people:,} people:"
            f" {len(pending):,} to render"
        )
        with _collector_paused():
            renderer = Renderer(db, base, options.with_json)
            try:

                def fixed() -> None:
                    if early is not None:
                        seconds, files = early()
                    else:
                        seconds, files = _fixed_files(renderer, options)
                    for file in files:
                        tree.write(file.path, file.data)
                    # their own process's seconds, beside the read and the plan (or this
                    # process's, beside the workers): a step within "render", as the search's
                    # steps are within "search"
                    summary.phases["render fixed"] = seconds

                _render(pending, tree, options, db, renderer, note, fixed)
            finally:
                renderer.close()
            lap = summary.lap("render", lap)
            tree.finish(delete=options.delete, keep_unvisited=bool(options.since))
            summary.lap("finish", lap)
    finally:
        beside.close()
        store.close()
    summary.files = len(tree.new)
    summary.seconds = time.perf_counter() - started
    return summary


@contextlib.contextmanager
def _fixed_beside(
    db: str, options: Options
) -> Iterator[Callable[[], tuple[float, list[File]]] | None]:
    """With ``--jobs`` 2 or more, the fixed pages rendered in a process of their own from the
    start, while this one reads the archive and plans on one core: at full scale they took
    14 s after the plan of a run with nothing else to render, 27 s of a first build. Yields
    the call that waits for them and ends the process (None: render them here, beside the
    workers): left to the end of the build, its ~0.35 GB stayed resident through the render."""
    if options.jobs <= 1:
        yield None
        return
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter, as the workers'
    with ctx.Pool(1) as pool:
        pending = pool.apply_async(_fixed_apart, (db, options))

        def wait() -> tuple[float, list[File]]:
            try:
                return pending.get()
            finally:
                pool.close()
                pool.join()

        yield wait


def _fixed_apart(db: str, options: Options) -> tuple[float, list[File]]:
    """``_fixed_files`` in a process of its own, with its own renderer."""
    renderer = Renderer(db, options.base_url.rstrip("/"), options.with_json)
    try:
        return _fixed_files(renderer, options)
    finally:
        renderer.close()


def _fixed_files(renderer: Renderer, options: Options) -> tuple[float, list[File]]:
    """The fixed pages (``_fixed``) and the seconds they took."""
    began = time.perf_counter()
    files = list(_fixed(renderer, options))
    return time.perf_counter() - began, files


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while this process makes and holds millions of
    long-lived objects that form no cycles (the inputs and jobs of a quarter million cables,
    the 1.1 million entries of two manifests): every full collection would walk them all again
    (measured at full scale: the plan's CPU 27.9 -> 17.3 s). The rendering processes keep it:
    they hold little and gain nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plan(
    store: Store,
    tree: Tree,
    inputs: list[CableInputs],
    options: Options,
    summary: Summary,
) -> list[Job]:
    """Every job whose files are not all in the tree with their keys (those are kept)."""
    base = options.base_url.rstrip("/")
    keep = touched(inputs, options.since) if options.since else None
    pending: list[Job] = []
    salt = f"{base}|{options.with_json}"
    for job in cable_jobs(inputs, salt):
        if keep is not None and job.refid not in keep:
            continue
        summary.cables += 1
        if not tree.all_fresh(_files(job, options)):
            pending.append(job)
    keys = list_keys(inputs, salt)
    wanted = None
    if keep is not None:
        wanted = {m for c in inputs if c.refid in keep for m in memberships(c)}
    for axis in AXES:
        for value in store.axis_values(axis):
            if wanted is not None and (axis, value.value) not in wanted:
                continue
            pages = max(1, -(-value.count // PER_PAGE))
            summary.lists += 1
            job_l = ListJob(axis, value.value, pages, keys.get((axis, value.value), ""))
            if not tree.all_fresh(_files(job_l, options)):
                pending.append(job_l)
            for p in pointers.browse_pointers(axis, value.value, pages):
                _pointer(tree, p, base, pending)
    _plan_people(store, tree, inputs, options, summary, keep, pending)
    for c in inputs:
        p_cable = pointers.cable_pointer(c.refid, c.created)
        if p_cable is not None and (keep is None or c.refid in keep):
            _pointer(tree, p_cable, base, pending)
    return pending


def _plan_people(
    store: Store,
    tree: Tree,
    inputs: list[CableInputs],
    options: Options,
    summary: Summary,
    keep: set[str] | None,
    pending: list[Job],
) -> None:
    """A job for every person whose pages are not all in the tree with their keys: the key
    is made of the person's rows, read in one pass of ``people`` (about 400,000 at full scale),
    so an unchanged person is not even rendered."""
    found = directory(store.person_mentions())
    salt = f"{options.base_url.rstrip('/')}|{options.with_json}"
    keys = person_keys(found, store.person_rows(), inputs, salt, keep)
    for p in found.people:
        k = keys[p.slug]
        if keep is not None and not k.touched:
            continue
        summary.people += 1
        job = PersonJob(p.slug, max(1, -(-k.rows // PER_PAGE)), k.key)
        if not tree.all_fresh(_files(job, options)):
            pending.append(job)


def _files(job: Job, options: Options) -> list[tuple[str, str]]:
    """The files a job writes, each with its key: a cable's page, text, cited-by feed,
    citations, history and diffs (and JSON twins); each page of a list (and its JSON twin), the first with the
    list's feed."""
    if isinstance(job, CableJob):
        names = [
            f"cable/{job.refid}/index.html",
            f"cable/{job.refid}.txt",
            f"cable/{job.refid}/cited-by.atom",
        ]
        names += [f"cable/{job.refid}{f.suffix}" for f in CITATIONS]
        names += [f"cable/{job.refid}.json"] if options.with_json else []
        names += history_files(job.refid, job.versions, options.with_json)
        return [(name, job.key) for name in names]
    if isinstance(job, ListJob):
        out = []
        for n in range(1, job.pages + 1):
            html_file, json_file = list_files(job.axis, job.value, n)
            out.append((html_file, job.page_key(n)))
            if n == 1:
                feed = links.file_of(links.address(browse_url(job.axis, job.value, ".atom")))
                out.append((feed, job.page_key(n)))
            if options.with_json:
                out.append((json_file, job.page_key(n)))
        return out
    if isinstance(job, PersonJob):
        out = []
        for n in range(1, job.pages + 1):
            html_file, json_file = person_files(job.slug, n)
            out.append((html_file, job.page_key(n)))
            if options.with_json:
                out.append((json_file, job.page_key(n)))
        return out
    return [(job.pointer.file, job.key)]


def _pointer(tree: Tree, p: pointers.Pointer, base: str, pending: list[Job]) -> None:
    """Queue an old address's pointer page unless it is there already: writing 300,000 small
    files is work for the rendering processes too (measured: 100 s in this one at full scale)."""
    key = key_of("pointer", pointers.PAGE_FORMAT, p.url, base)
    if not tree.fresh(p.file, key):
        pending.append(PointerJob(p, key))


def _fixed(r: Renderer, options: Options) -> Iterator[File]:
    """The pages that are not a cable or a list: few, always rendered (writes still skip
    identical bytes)."""
    yield r.page("/", "index.html")
    yield r.page("/help", "help/index.html")
    for slug in HELP_PAGES:
        yield r.page(f"/help/{slug}", f"help/{slug}/index.html")
    yield r.page("/api", "api/index.html")
    yield r.data("/api/openapi.json", "api/openapi.json")
    yield r.page("/cited", "cited/index.html")
    if options.with_json:
        yield r.data("/cited.json", "cited.json")
    for path in INDEX_PATHS:
        yield r.page(path, f"{path[1:]}/index.html")
        if options.with_json:
            yield r.data(f"{path}.json", f"{path[1:]}.json")
    yield r.page("/quality", "quality/index.html")
    if options.with_json:
        yield r.data("/index.json", "index.json")
        yield r.data("/quality.json", "quality.json")
    yield from _people(r, options)
    changes = r.store.changes(page=1, per_page=CHANGES_PER_PAGE)
    for n in range(1, max(1, changes.pages) + 1):
        query = f"?page={n}" if n > 1 else ""
        folder = links.address(f"/changes{query}")
        yield r.page(f"/changes{query}", links.file_of(folder))
        if options.with_json:
            yield r.data(f"/changes.json{query}", folder.rstrip("/") + ".json")
    yield r.search_page()
    yield r.opensearch()
    yield r.page("/releases.atom", "releases.atom")
    yield r.page("/changes.atom", "changes.atom")
    for p in pointers.fixed_pointers():
        yield r.pointer(p)
    yield r.not_found()
    yield from r.icons()
    yield from r.static()


def _people(r: Renderer, options: Options) -> Iterator[File]:
    """``/people``, its letters and ``/classification-reasons``: few, always rendered (each
    person's pages are keyed jobs, :class:`PersonJob`)."""
    for path in ("/people", "/classification-reasons"):
        yield r.page(path, f"{path[1:]}/index.html")
        if options.with_json:
            yield r.data(f"{path}.json", f"{path[1:]}.json")
    found = r.client.app.state.archive.aggregate("people")
    for letter in sorted({p.surname[:1] for p in found.people}):
        yield r.page(f"/people/{letter}", f"people/{letter}/index.html")
        if options.with_json:
            yield r.data(f"/people/{letter}.json", f"people/{letter}.json")


# -- rendering, in this process or in --jobs workers -------------------------------------------

Done = tuple[str, str, str, int | None]  # path, sha256, key, bytes written (None: unchanged)
_worker: tuple[Renderer, Path] | None = None


def _render(
    pending: list[Job],
    tree: Tree,
    options: Options,
    db: str,
    here: Renderer,
    note: Progress,
    meanwhile: Callable[[], None],
) -> None:
    """Render ``pending`` in ``jobs`` worker processes; ``meanwhile`` (the fixed pages, made by
    this process's own app) runs while they start on the first parts, not before them."""
    chunks = _chunks(pending)
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
                note(f"rendered {done:,} of {len(chunks):,} parts")

    if options.jobs <= 1 or len(chunks) < 2:
        meanwhile()
        global _worker
        _worker = (here, tree.root)
        try:
            take(_run(t) for t in tasks)
        finally:
            _worker = None
        return
    ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no inherited SQLite state
    with ctx.Pool(options.jobs, _start, (db, options, str(tree.root))) as pool:
        results = pool.imap_unordered(_run, tasks)  # handed out by the pool's own thread
        meanwhile()
        take(results)


def _chunks(pending: list[Job]) -> list[list[Job]]:
    """The jobs in parts of about ``CHUNK`` cables' worth of work, the longest lists first:
    a list of 3,557 pages handed out last would keep one worker busy long after the others."""
    paged: list[ListJob | PersonJob] = [j for j in pending if isinstance(j, ListJob | PersonJob)]
    lists = sorted(paged, key=lambda j: -j.pages)
    cables = [j for j in pending if isinstance(j, CableJob)]
    moved = [j for j in pending if isinstance(j, PointerJob)]
    out: list[list[Job]] = []
    part: list[Job] = []
    weight = 0.0
    ordered: list[Job] = [*lists, *cables, *moved]
    for job in ordered:
        part.append(job)
        weight += _weight(job)
        if weight >= CHUNK:
            out.append(part)
            part, weight = [], 0.0
    return out + [part] if part else out


def _weight(job: Job) -> float:
    """Rough cost in cables: a list page (page and JSON) about a cable's three files; a page
    of a person's cables (page and JSON) 0.42 ms of CPU on the shared corpus, about a sixth of
    a cable's 2.8 ms; a pointer page a tenth of a cable."""
    if isinstance(job, ListJob):
        return job.pages
    if isinstance(job, PersonJob):
        return job.pages / 6
    return 1.0 if isinstance(job, CableJob) else 0.1


def _old(tree: Tree, chunk: list[Job], options: Options) -> dict[str, Entry]:
    files = [f for job in chunk for f, _key in _files(job, options)]
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
        for key, files in _output(renderer, job):
            for f in files:
                sha, written = put(root, f.path, f.data, old.get(f.path))
                out.append((f.path, sha, key, written))
    return out


def _output(renderer: Renderer, job: Job) -> Iterator[tuple[str, list[File]]]:
    """A job's files with their key, a page at a time (a long list is never held whole)."""
    if isinstance(job, CableJob):
        yield job.key, renderer.cable(job)
    elif isinstance(job, ListJob):
        for n, files in renderer.browse_list(job.axis, job.value):
            yield job.page_key(n), files
    elif isinstance(job, PersonJob):
        for n, files in renderer.person_list(job.slug):
            yield job.page_key(n), files
    else:
        yield job.key, [renderer.pointer(job.pointer)]


def print_progress(message: str) -> None:
    print(f"mirror: {message}", file=sys.stderr, flush=True)
