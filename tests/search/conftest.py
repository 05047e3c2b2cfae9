"""Fixtures: fifty real cables (plus a few made-up ones) indexed once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import cablegate
from cablegate.model import Cable, Recipient
from cablegate.search import SearchIndex, index_fields
from tests.conftest import SAMPLE
from tests.peer import CORPUS, created_iso, read_cables

# The shared corpus when it is there, else the sample bundled with the package: either way the
# tests compare every answer with a plain Python scan of the same cables. Thirty cables beside
# Lima's: every 191st of the corpus's, every 11th of the sample's.
CABLES, STEP = (
    (CORPUS / "cables.csv", 191)
    if (CORPUS / "cables.csv").exists()
    else (SAMPLE / "cables.csv", 11)
)


def real_cables() -> list[Cable]:
    """Twenty cables from Lima (Sendero, coca, Fujimori) and thirty from everywhere else."""
    rows = list(read_cables(CABLES).values())
    lima = [r for r in rows if r[3] == "Embassy Lima"][:20]
    others = [r for r in rows if r[3] != "Embassy Lima"][::STEP][:30]
    assert len(lima) == 20 and len(others) == 30, CABLES
    return [
        cablegate.parse(
            r[6],
            r[7],
            refid=r[2],
            created=created_iso(r[1]),
            origin=r[3],
            classification=r[4],
            released=f"2011-0{1 + n % 3}-1{n % 2}T12:00",
        )
        for n, r in enumerate(lima + others)
    ]


# Made-up cables whose every field is known, whatever the parser reads today.
MADE_UP = [
    Cable(
        refid="09TESTPOST1",
        canonical_id="09TESTPOST1",
        created="2009-03-05T10:00",
        released="2011-08-30T01:44",
        origin="Embassy Lima",
        classification="SECRET//NOFORN",
        subject="QUARTERLY ZANZIBAR REVIEW",
        tags=("PGOV", "ZZTEST"),
        sender="AMEMBASSY LIMA",
        recipients=(Recipient("SECSTATE WASHDC"),),
        info_recipients=(Recipient("AMEMBASSY QUITO"),),
        body='1. (S) The <script>alert(1)</script> minister & his aide said "no" to zanzibar.',
    ),
    Cable(
        refid="10TESTPOST2",
        canonical_id="10TESTPOST2",
        created="2010-12-31T23:59",
        released="2011-08-30T01:44",
        origin="Embassy Quito",
        classification="UNCLASSIFIED",
        subject="ZANZIBAR FOLLOW-UP",
        tags=("ZZTEST",),
        sender="AMEMBASSY QUITO",
        recipients=(Recipient("AMEMBASSY LIMA"),),
        body="Nothing about the island in the text. " * 20,
    ),
]


def all_cables() -> list[Cable]:
    return real_cables() + MADE_UP


@pytest.fixture(scope="module")
def docs() -> list[dict[str, Any]]:
    # 10TESTPOST2 stands for a cable whose text shows no redaction but an older version did
    return [
        index_fields(c, release_id=n, redacted=True if c.refid == "10TESTPOST2" else None)
        for n, c in enumerate(all_cables(), 1)
    ]


@pytest.fixture(scope="module")
def index(
    tmp_path_factory: pytest.TempPathFactory, docs: list[dict[str, Any]]
) -> Iterator[SearchIndex]:
    path: Path = tmp_path_factory.mktemp("search") / "test.db.index"
    idx = SearchIndex.open(path, heap_bytes=20_000_000)
    idx.add(docs)
    idx.commit()
    yield idx
    idx.close()


__all__ = ["MADE_UP", "real_cables"]
