"""Tag book: kind and meaning of a tag from data/tags.csv, for tag pages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.tagbook import TagInfo, tag_info, tag_meaning


@pytest.mark.parametrize(
    ("tag", "kind", "meaning"),
    [
        ("PGOV", "subject", "Political Affairs--Government; Internal Governmental Affairs"),
        ("pgov ", "subject", "Political Affairs--Government; Internal Governmental Affairs"),
        ("PE", "geo", "Peru"),
        ("NATO", "organization", "North Atlantic Treaty Organization"),
        ("EU", "organization", "European Union (informal; the TAGS code is EUN)"),  # the table wins
        ("KTIA", "program", None),  # not in the table: tag_kind's answer, no meaning
        ("CLINTON, HILLARY", "person", None),
        ("GOI EXTERNAL", "unknown", None),
    ],
)
def test_tag_info(tag: str, kind: str, meaning: str | None) -> None:
    info = tag_info(tag)
    assert info == TagInfo(tag.strip().upper(), kind, meaning)
    assert tag_meaning(tag) == meaning
    assert info.to_dict() == {"tag": tag.strip().upper(), "kind": kind, "meaning": meaning}


def test_every_listed_tag_has_a_meaning_or_none() -> None:
    for tag in ("AADP", "IZ", "UNGA/C-1", "BA'ATH", "AER LINGUS"):
        assert tag_meaning(tag), tag


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_never_raises(tag: str) -> None:
    info = tag_info(tag)
    assert info.kind in {"geo", "person", "program", "subject", "organization", "unknown"}
    assert tag_meaning(tag) == info.meaning
