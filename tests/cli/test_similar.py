"""``cablegate similar``: a cable's similar cables and near-duplicates, usage errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result


def test_needs_a_refid_or_build(cli: Callable[..., Result], sample_db: Path) -> None:
    result = cli("similar", "--db", str(sample_db))
    assert result.exit_code == 2
    assert "give a REFID, or --build" in result.output


def test_unknown_cable_is_one_line(cli: Callable[..., Result], sample_db: Path) -> None:
    result = cli("similar", "99NOWHERE1", "--db", str(sample_db))
    assert result.exit_code == 1
    assert "There is no cable '99NOWHERE1' in this archive." in result.output
    assert "Traceback" not in result.output


def test_similar_cables_before_grouping(cli: Callable[..., Result], sample_db: Path) -> None:
    """Any spelling of the id; the near-duplicates not grouped yet (this archive never is)."""
    text = cli("similar", "07lima487", "--db", str(sample_db), ok=True).output
    lines = text.splitlines()
    assert lines[-1] == "near-duplicates: not grouped yet (cablegate similar --build)"
    rows = [line.split("\t") for line in lines[:-1]]
    assert 1 <= len(rows) <= 8 and all(len(r) == 4 for r in rows)
    assert "07LIMA487" not in [r[0] for r in rows]
    data = json.loads(cli("similar", "07LIMA487", "--db", str(sample_db), "--json", ok=True).output)
    assert [h["refid"] for h in data["similar"]] == [r[0] for r in rows]
    assert data["near_duplicates"] is None
