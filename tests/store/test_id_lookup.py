"""Peer cases ``id_lookup``: asking for an id returns the document published under it, and a
corrected id whose cable was only published under a malformed id returns that document."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from cablegate.archive import open_store
from cablegate.ingest import prepare
from cablegate.sources.record import SourceCable
from cablegate.store.base import Store
from tests.peer import PEER
from tests.pg import fresh_schema

CASES_FILE = PEER / "id_lookup.jsonl"
pytestmark = pytest.mark.skipif(not CASES_FILE.exists(), reason="peer cases not present")


def _cases() -> list[dict[str, str]]:
    return [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """A store holding one small document for every id the release published among the cases,
    on each backend."""
    if request.param == "sqlite":
        s = open_store(tmp_path_factory.mktemp("lookup") / "ids.db")
    else:
        s = open_store(fresh_schema(request.getfixturevalue("pg_server"), "id_lookup"))
    published = sorted({c["expected"] for c in _cases()})
    s.upsert_cables(
        [
            prepare(
                SourceCable(
                    location=f"case:{refid}",
                    refid=refid,
                    header="",
                    body=f"UNCLASSIFIED\nSUBJECT: DOCUMENT {refid}\n",
                )
            )[0]
            for refid in published
        ]
    )
    yield s
    s.close()


@pytest.mark.parametrize("case", _cases() if CASES_FILE.exists() else [], ids=lambda c: c["case"])
def test_lookup_returns_the_published_document(store: Store, case: dict[str, str]) -> None:
    assert store.resolve(case["input"]) == case["expected"]
    found = store.get(case["input"])
    assert found is not None and found.cable.refid == case["expected"]
