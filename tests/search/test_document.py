"""index_fields: what the index keeps of a cable, as a plain picklable dict."""

from __future__ import annotations

import pickle

from cablegate.model import Cable
from cablegate.search.document import index_fields, minutes
from tests.search.conftest import MADE_UP


def test_fields_of_a_known_cable() -> None:
    d = index_fields(MADE_UP[0], release_id=7)
    assert d["refid"] == "09TESTPOST1"
    assert d["origin"] == "Embassy Lima"
    assert d["origin_slug"] == "embassy-lima"
    assert d["country"] == "PE"
    assert d["region"] == "Western Hemisphere"
    assert d["tags"] == ["PGOV", "ZZTEST"]
    assert d["classification"] == "SECRET//NOFORN"
    assert d["classification_slug"] == "secret-noforn"
    assert d["created"] == "2009-03-05T10:00"
    assert (d["year"], d["month"]) == ("2009", "2009-03")
    assert d["released_day"] == "2011-08-30"
    assert d["sender"] == "AMEMBASSY LIMA"
    assert d["recipients"] == ["SECSTATE WASHDC", "AMEMBASSY QUITO"]
    assert d["release_id"] == 7
    assert "zanzibar" in d["text"]
    assert pickle.loads(pickle.dumps(d)) == d


def test_empty_cable_gives_nones_not_errors() -> None:
    d = index_fields(Cable(refid="X", created="2007-02-30T10:00"))
    assert d["created"] is None and d["year"] is None and d["created_ts"] is None
    assert d["origin_slug"] is None and d["country"] is None
    assert d["tags"] == [] and d["recipients"] == []


def test_minutes() -> None:
    assert minutes("1970-01-01T00:01") == 1
    assert minutes("1966-12-28T18:48") is not None and minutes("1966-12-28T18:48") < 0  # type: ignore[operator]
    assert minutes("2007-02-20") == minutes("2007-02-20T00:00")
    assert minutes("nonsense") is None
    assert minutes(None) is None
