"""What the archive knows it could not read well: the data-quality report (``/quality``).

Parse problems by field and by year, malformed reference ids with the id each should have had,
cables without a subject or tags, and what the last ingests rejected, so that a reader knows
which fields to trust. Every figure is one GROUP BY or count over an indexed table, the same
statements on both stores (``gather`` is given each store's way of running one). The subject
count reads every cable row (no index holds the subject): the web computes the report once a
content generation, as its other aggregates (``web.state``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cablegate.refid import malformed_ids

Run = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]

SAMPLE = 20  # refids shown of each kind of gap: enough to look at, the count says the rest
LATEST_REJECTS = 50
REJECT_DAYS = 10
NO_PERIOD = "undated"

# A problem reads "field: what went wrong" (``parse`` writes them): its field is the part
# before the first colon, capped so that a problem written without one stays a short label.
_FIELD = {
    "sqlite": (
        "substr(CASE WHEN instr(p.problem, ':') > 0"
        " THEN substr(p.problem, 1, instr(p.problem, ':') - 1) ELSE p.problem END, 1, 40)"
    ),
    "postgresql": (
        "substr(CASE WHEN strpos(p.problem, ':') > 0"
        " THEN split_part(p.problem, ':', 1) ELSE p.problem END, 1, 40)"
    ),
}
_MARK = {"sqlite": "?", "postgresql": "%s"}


@dataclass(frozen=True, slots=True)
class FieldProblems:
    """A field the parser could not read in some cables: how many cables, how many problems."""

    field: str
    cables: int
    problems: int

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "cables": self.cables, "problems": self.problems}


@dataclass(frozen=True, slots=True)
class PeriodProblems:
    """One year of creation: its cables, those with any problem, and cables by field."""

    period: str
    cables: int
    with_problems: int
    by_field: tuple[tuple[str, int], ...]

    def count(self, field: str) -> int:
        return dict(self.by_field).get(field, 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "cables": self.cables,
            "with_problems": self.with_problems,
            "by_field": dict(self.by_field),
        }


@dataclass(frozen=True, slots=True)
class MalformedId:
    """A cable published under a malformed id, and the id it should have had."""

    refid: str
    canonical_id: str | None
    correct: str
    kind: str  # duplicate: both ids are published; invalid: only the malformed one

    def to_dict(self) -> dict[str, Any]:
        return {
            "refid": self.refid,
            "canonical_id": self.canonical_id,
            "correct": self.correct,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Gap:
    """Cables that lack a field altogether: how many, and the first of them by refid."""

    cables: int
    sample: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"cables": self.cables, "sample": list(self.sample)}


@dataclass(frozen=True, slots=True)
class Reject:
    """A record an ingest could not read (its raw text stays in the rejects table)."""

    location: str
    reason: str
    at: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"location": self.location, "reason": self.reason, "at": self.at}


@dataclass(frozen=True, slots=True)
class Quality:
    """The data-quality report of an archive."""

    cables: int
    with_problems: int
    by_field: tuple[FieldProblems, ...]
    by_period: tuple[PeriodProblems, ...]
    malformed: tuple[MalformedId, ...]
    without_subject: Gap
    without_tags: Gap
    rejected: int
    rejects_by_day: tuple[tuple[str, int], ...]  # newest day first
    latest_rejects: tuple[Reject, ...]

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f.field for f in self.by_field)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cables": self.cables,
            "with_problems": self.with_problems,
            "problems_by_field": [f.to_dict() for f in self.by_field],
            "problems_by_period": [p.to_dict() for p in self.by_period],
            "malformed_ids": [m.to_dict() for m in self.malformed],
            "without_subject": self.without_subject.to_dict(),
            "without_tags": self.without_tags.to_dict(),
            "rejected": self.rejected,
            "rejects_by_day": [{"day": d, "rejects": n} for d, n in self.rejects_by_day],
            "latest_rejects": [r.to_dict() for r in self.latest_rejects],
        }


def _one(run: Run, sql: str) -> int:
    rows = run(sql, ())
    return int(rows[0][0] or 0) if rows else 0


def _gap(run: Run, where: str) -> Gap:
    count = _one(run, f"SELECT count(*) FROM cables c WHERE {where}")
    sample = run(f"SELECT refid FROM cables c WHERE {where} ORDER BY refid LIMIT {SAMPLE}", ())
    return Gap(count, tuple(str(r[0]) for r in sample))


def _periods(run: Run, field: str) -> tuple[PeriodProblems, ...]:
    year = f"coalesce(substr(c.created, 1, 4), '{NO_PERIOD}')"
    cables: dict[str, int] = {
        str(p): int(n) for p, n in run(f"SELECT {year}, count(*) FROM cables c GROUP BY 1", ())
    }
    flawed: dict[str, int] = {
        str(p): int(n)
        for p, n in run(
            f"SELECT {year}, count(*) FROM cables c WHERE problem_count > 0 GROUP BY 1", ()
        )
    }
    by: dict[str, list[tuple[str, int]]] = {}
    for period, name, n in run(
        f"SELECT {year}, {field}, count(DISTINCT p.refid) FROM problems p"
        " JOIN cables c ON c.refid = p.refid GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
        (),
    ):
        by.setdefault(str(period), []).append((str(name), int(n)))
    return tuple(
        PeriodProblems(p, cables.get(p, 0), flawed.get(p, 0), tuple(by.get(p, ())))
        for p in sorted(set(cables) | set(by))
    )


def _malformed(run: Run, mark: str) -> tuple[MalformedId, ...]:
    table = malformed_ids()
    ids = sorted(table)
    found: list[MalformedId] = []
    for i in range(0, len(ids), 200):
        part = ids[i : i + 200]
        marks = ",".join([mark] * len(part))
        for refid, canonical in run(
            f"SELECT refid, canonical_id FROM cables WHERE refid IN ({marks})", part
        ):
            correct, kind = table[refid]
            found.append(MalformedId(refid, canonical, correct, kind))
    return tuple(sorted(found, key=lambda m: m.refid))


def gather(run: Run, dialect: str) -> Quality:
    """The report, from the statements ``run`` executes (``dialect``: sqlite | postgresql)."""
    field = _FIELD[dialect]
    by_field = tuple(
        FieldProblems(str(name), int(cables), int(problems))
        for name, cables, problems in run(
            f"SELECT {field}, count(DISTINCT p.refid), count(*) FROM problems p"
            " GROUP BY 1 ORDER BY 2 DESC, 1",
            (),
        )
    )
    days = run(
        "SELECT coalesce(substr(at, 1, 10), ''), count(*) FROM rejects"
        f" GROUP BY 1 ORDER BY 1 DESC LIMIT {REJECT_DAYS}",
        (),
    )
    latest = run(
        f"SELECT location, reason, at FROM rejects ORDER BY id DESC LIMIT {LATEST_REJECTS}", ()
    )
    return Quality(
        cables=_one(run, "SELECT count(*) FROM cables"),
        with_problems=_one(run, "SELECT count(*) FROM cables WHERE problem_count > 0"),
        by_field=by_field,
        by_period=_periods(run, field),
        malformed=_malformed(run, _MARK[dialect]),
        without_subject=_gap(run, "coalesce(c.subject, '') = ''"),
        without_tags=_gap(run, "NOT EXISTS (SELECT 1 FROM tags t WHERE t.refid = c.refid)"),
        rejected=_one(run, "SELECT count(*) FROM rejects"),
        rejects_by_day=tuple((str(d), int(n)) for d, n in days),
        latest_rejects=tuple(Reject(str(loc), str(why), at) for loc, why, at in latest),
    )
