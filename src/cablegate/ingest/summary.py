"""What an ingest did, for the CLI's closing summary and its ``--json``."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class IngestSummary:
    """What an ingest did; ``exit_code`` is 0 all in, 1 some rejected or damaged, 2 nothing
    readable."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    with_problems: int = 0
    rejected: int = 0
    media: int = 0
    media_ignored: int = 0  # placeholder words the early site showed as links
    releases: int = 0
    seconds: float = 0.0
    sources: list[str] = field(default_factory=list)
    failed_sources: list[tuple[str, str]] = field(default_factory=list)
    rejects: list[tuple[str, str]] = field(default_factory=list)
    problem_kinds: Counter[str] = field(default_factory=Counter)
    # pages whose text was not whole (location, why): kept as damaged versions
    damaged: list[tuple[str, str]] = field(default_factory=list)
    histories: int = 0  # cables whose history was summed up again

    @property
    def cables(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def exit_code(self) -> int:
        read_anything = self.cables or self.media or self.releases
        if not read_anything and (self.rejected or self.failed_sources):
            return 2
        return 1 if self.rejected or self.failed_sources or self.damaged else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cables": self.cables,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "with_problems": self.with_problems,
            "rejected": self.rejected,
            "media_links": self.media,
            "media_not_links": self.media_ignored,
            "release_events": self.releases,
            "seconds": round(self.seconds, 2),
            "sources": self.sources,
            "failed_sources": [{"source": s, "reason": r} for s, r in self.failed_sources],
            "rejects": [{"location": loc, "reason": r} for loc, r in self.rejects],
            "problem_kinds": dict(self.problem_kinds.most_common(20)),
            "damaged": [{"location": loc, "reason": r} for loc, r in self.damaged],
            "histories": self.histories,
        }
