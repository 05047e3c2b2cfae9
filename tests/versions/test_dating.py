"""Which snapshot a page belongs to and the date its versions are ordered by."""

from __future__ import annotations

import pytest

from cablegate.versions.dating import (
    FINAL_RELEASE,
    Sighting,
    page_sighting,
    release_sighting,
    snapshot_of,
)

PAGE = "cable/2007/01/07ALGIERS45.html"


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (f"html:/c/versions/2010-12-13_gabrielduque_1032dc26/{PAGE}", ("2010-12-13_gabrielduque_1032dc26", "2010-12-13")),
        (f"html:wikileaks-cable-pages-2011-04-25.tar.xz:{PAGE}", ("wikileaks-cable-pages-2011-04-25.tar.xz", "2011-04-25")),
        (f"html:pages.tar.gz:2010-12-08_x/{PAGE}", ("2010-12-08_x", "2010-12-08")),
        (f"html:pages-2010-12-01.tar.gz:site/{PAGE}", ("pages-2010-12-01.tar.gz", "2010-12-01")),
        (f"html:/c/html/2011-Q1/{PAGE}", ("2011-Q1", None)),
        ("html:/tmp/07ALGIERS45.html", ("07ALGIERS45.html", None)),
        (f"html:C:\\c\\2010-12-01\\{PAGE.replace('/', chr(92))}", ("2010-12-01", "2010-12-01")),
        (f"html:/c/2010-13-45_bad/{PAGE}", ("2010-13-45_bad", None)),
    ],
)  # fmt: skip
def test_snapshot_of(location: str, expected: tuple[str, str | None]) -> None:
    assert snapshot_of(location) == expected


@pytest.mark.parametrize(
    ("location", "evidence", "seen", "basis", "source"),
    [
        # the folder's date, where nothing in the page is later
        (f"html:/v/2010-12-02_anarchivist_9d8689f1/{PAGE}", {"released": "2010-11-30T16:04", "site_count": 597, "site_newest": "2010-12-02"}, "2010-12-02", "snapshot-name", "snapshot"),
        # 07ALGIERS45 in the folder named 2010-12-13 lists the release of 2010-12-22
        (f"html:/v/2010-12-13_gabrielduque_1032dc26/{PAGE}", {"released": "2010-11-30T16:04", "site_count": 1896, "site_newest": "2010-12-22"}, "2010-12-22", "site-newest-release", "snapshot"),
        # HTTrack stamped the 2010-11-29 capture on the 28th: the folder's later date stands
        (f"html:/v/2010-11-29_typecode_73d0e968/{PAGE}", {"released": None, "site_count": 219, "captured": "2010-11-28"}, "2010-11-29", "snapshot-name", "snapshot"),
        ("html:/tmp/07ALGIERS45.html", {"released": None, "captured": "2010-11-28"}, "2010-11-28", "capture-stamp", "snapshot"),
        ("html:/tmp/07ALGIERS45.html", {"released": "2010-11-30T16:04"}, "2010-11-30", "page-released", "page"),
        ("html:/tmp/07ALGIERS45.html", {"released": None}, "2010-11-28", "undated", "page"),
    ],
)  # fmt: skip
def test_page_sighting(
    location: str, evidence: dict[str, object], seen: str, basis: str, source: str
) -> None:
    s = page_sighting(location, **evidence)  # type: ignore[arg-type]
    assert (s.seen, s.basis, s.source) == (seen, basis, source)
    assert s.location == location


def test_the_final_release_comes_after_every_page_of_its_day() -> None:
    final = release_sighting("csv:/data/cables.csv:12")
    assert (final.name, final.seen, final.source) == ("cables.csv", FINAL_RELEASE, "release")
    page = page_sighting(
        f"html:/s/2011-09-final/{PAGE}", released="2011-08-30T01:44", site_count=251287
    )
    assert page.seen == final.seen
    assert sorted([final, page], key=Sighting.order) == [page, final]


def test_one_day_is_ordered_by_the_sites_count() -> None:
    a = page_sighting(
        f"html:/v/2010-12-08_anarchivist_684d4e99/{PAGE}", released=None, site_count=1112
    )
    b = page_sighting(
        f"html:/v/2010-12-08_anarchivist_9ce40ee8/{PAGE}", released=None, site_count=1060
    )
    assert sorted([a, b], key=Sighting.order) == [b, a]
