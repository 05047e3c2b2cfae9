"""media.csv and releases.csv readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablegate.parse.pagetext import media_url
from cablegate.sources.media import read_media
from cablegate.sources.record import Reject
from cablegate.sources.releases import read_releases
from cablegate.store.base import ReleaseEvent


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("http://elcomercio.pe", "http://elcomercio.pe"),
        ("http://http://www.letemps.ch/swiss_papers", "http://www.letemps.ch/swiss_papers"),
        ("www.spiegel.de", "http://www.spiegel.de"),
        ("http://not", None),
        ("http://WL:", None),
        ("", None),
    ],
)
def test_media_url(raw: str, url: str | None) -> None:
    assert media_url(None, raw) == url


def test_media_rows_and_rejects(tmp_path: Path) -> None:
    p = tmp_path / "media.csv"
    p.write_text(
        "refid,url,href\n07LIMA487,http://elcomercio.pe,http://elcomercio.pe\n"
        "07LIMA1,http://yet,\nbroken\n"
    )
    out = list(read_media(p))
    assert out[0] == ("07LIMA487", "http://elcomercio.pe")
    assert out[1] == ("07LIMA1", None)
    assert isinstance(out[2], Reject) and out[2].location == "media.csv:4"


def test_releases(tmp_path: Path) -> None:
    p = tmp_path / "releases.csv"
    p.write_text(
        "refid,released,precision\n07LIMA487,2011-08-30 01:44,minute\n"
        "66BUENOSAIRES2481,2010-11-28 18:06,hour\nX,not a date,\n"
    )
    out = list(read_releases(p))
    assert out[0] == ReleaseEvent("07LIMA487", "2011-08-30T01:44", "minute")
    assert out[1] == ReleaseEvent("66BUENOSAIRES2481", "2010-11-28T18:06", "hour")
    assert isinstance(out[2], Reject)
