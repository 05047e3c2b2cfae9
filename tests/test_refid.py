"""Reference ids: canonical form, split, validity, the station and malformed-id tables."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate import data
from cablegate.refid import (
    _fuzzy_station,
    _one_edit_apart,
    canonical_id,
    canonical_station,
    is_cable_id,
    known_stations,
    lookup_candidates,
    lookup_station,
    malformed_ids,
    split_refid,
)
from scripts.known_stations import build_known_stations, post_codes, release_ids
from tests.peer import PEER

CANONICAL = [
    # (input, expected): station aliases and typos (peer rule 2)
    ("06TAIPEI2654", "06AITTAIPEI2654"),
    ("05RIO123", "05RIODEJANEIRO123"),
    ("05PARISFR1", "05UNESCOPARISFR1"),
    ("05USUNESCOPARISFR1", "05UNESCOPARISFR1"),
    ("05UNVIE1", "05UNVIEVIENNA1"),
    ("05EMBASSYVIENNA1", "05VIENNA1"),
    ("05EMBASSYBLABLA1", "05BLABLA1"),
    ("06SECSTATE123", "06STATE123"),
    ("07PORT-AU-PRINCE12", "07PORTAUPRINCE12"),
    ("09MEXICOCITY12", "09MEXICO12"),
    ("10USCUSTOMSA12", "10USCBP12"),
    ("03SECDEFWASH12", "03SECDEF12"),
    ("09BA123", "09BUENOSAIRES123"),
    # not merged (peer rule 3)
    ("02BRUSSELS12", "02BRUSSELS12"),
    ("02USEUBRUSSELS12", "02USEUBRUSSELS12"),
    ("06SECDEF123", "06SECDEF123"),
    ("06VIENNA1", "06VIENNA1"),
    # written forms: case, spaces, leading zeros, OCR zero
    ("07lima487", "07LIMA487"),
    (" 07 LIMA 000487 ", "07LIMA487"),
    ("060TTAWA123", "06OTTAWA123"),
    # malformed release ids (peer rule 1, data/malformed_ids.csv)
    ("08ECTION01OF02MANAMA492", "08MANAMA492"),
    ("07EFTOSANAA2300", "07SANAA2300"),
    ("09AMEMBASSYHANOI1246", "09HANOI1246"),
    ("06MADRID002583ZFR2585", "06MADRID2583"),
    ("092OF5", "09STATE126780"),
    ("06ASTANA", "06ASTANA204"),
    ("09BRUSELS1292", "09USEUBRUSSELS1292"),
    ("06AITTAIPIE2654", "06AITTAIPEI2654"),
    ("08FSCCHARLESTON1712", "08CHARLESTON1712"),
    ("90STATE255195TOSEC140301", "90STATE255195"),
    ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
    # one edit from exactly one station
    ("09BAGDAD12", "09BAGHDAD12"),
    # not ids: upper-cased and stripped
    (" hello world ", "HELLO WORLD"),
    ("", ""),
    ("2007LIMA487", "2007LIMA487"),
]


@pytest.mark.parametrize(("refid", "expected"), CANONICAL, ids=[c[0] or "empty" for c in CANONICAL])
def test_canonical_id(refid: str, expected: str) -> None:
    assert canonical_id(refid) == expected


def _peer(name: str) -> list[dict[str, object]]:
    path = PEER / f"{name}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.skipif(not _peer("canonical_id"), reason="../shared/peer_cases not present")
def test_canonical_id_peer_cases() -> None:
    failed = [
        c["case"] for c in _peer("canonical_id") if canonical_id(str(c["input"])) != c["expected"]
    ]
    assert not failed


@pytest.mark.skipif(not _peer("id_lookup"), reason="../shared/peer_cases not present")
def test_lookup_candidates_peer_cases() -> None:
    published = set(release_ids())
    failed = []
    for case in _peer("id_lookup"):
        found = next((c for c in lookup_candidates(str(case["input"])) if c in published), None)
        if found != case["expected"]:
            failed.append(case["case"])
    assert not failed


@pytest.mark.parametrize(
    ("refid", "expected"),
    [
        ("06ANKARA4972", ["06ANKARA4972", "06EFTOANKARA4972"]),  # only the malformed one published
        ("06HANOI582", ["06HANOI582"]),  # both published: each its own document
        ("06ANOI582", ["06ANOI582", "06HANOI582"]),
        ("09USEUBRUSEELS1292", ["09USEUBRUSEELS1292", "09USEUBRUSSELS1292", "09BRUSELS1292"]),
        ("06secstate12", ["06SECSTATE12", "06STATE12"]),
    ],
)
def test_lookup_candidates(refid: str, expected: list[str]) -> None:
    assert lookup_candidates(refid) == expected


@pytest.mark.parametrize(
    ("refid", "expected"),
    [
        ("07LIMA487", ("07", "LIMA", "487")),
        ("07 lima 000487", ("07", "LIMA", "000487")),
        ("06PORT-AU-PRINCE12", ("06", "PORT-AU-PRINCE", "12")),
        ("060TTAWA1", ("06", "0TTAWA", "1")),
        ("07LIMA", None),
        ("LIMA487", None),
        ("", None),
        ("1" * 100, None),
    ],
)
def test_split_refid(refid: str, expected: tuple[str, str, str] | None) -> None:
    assert split_refid(refid) == expected


@pytest.mark.parametrize(
    ("refid", "expected"),
    [
        ("07LIMA487", True),
        ("10SECDEF122723", True),  # cited, not published: a station of stations.csv
        ("07USDOC5667", True),
        ("07LIMA12345678", False),  # serials have 1-7 digits
        ("07LIMA0", False),
        ("06SECSTATE123", False),  # an alias, not a station: canonicalise first
        ("05BLABLA1", False),
        ("07 LIMA", False),
    ],
)
def test_is_cable_id(refid: str, expected: bool) -> None:
    assert is_cable_id(refid) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SECSTATE", "STATE"),
        ("LA PAZ", "LAPAZ"),
        ("RIO DE JAN", "RIODEJANEIRO"),
        ("N'DJAMENA", "NDJAMENA"),
        ("ST. PETERSBURG", "STPETERSBURG"),
        ("USUN NE YORK", "USUNNEWYORK"),
        ("COTON0U", "COTONOU"),
        ("Colomobo", "COLOMBO"),
        ("HCMC", "HOCHIMINHCITY"),
        ("STATES", None),  # an English plural, not a typo
        ("ROMA", None),  # too short to guess
        ("INCSR", None),
    ],
)
def test_lookup_station(name: str, expected: str | None) -> None:
    assert lookup_station(name) == expected


def test_canonical_station_keeps_unknown_names() -> None:
    assert canonical_station("amembassy blabla") == "BLABLA"


def test_station_table_is_a_fixpoint() -> None:
    # a station of the release may be an alias (TAIPEI, PARISFR, WASHDC); its target is final
    for station in known_stations():
        target = lookup_station(station, fuzzy=False)
        assert target is not None
        assert lookup_station(target, fuzzy=False) == target


def test_malformed_table_against_release() -> None:
    published = set(release_ids())
    table = malformed_ids()
    assert len(table) == 204
    for bad, (good, kind) in table.items():
        assert bad in published, bad
        assert kind in ("duplicate", "invalid"), bad
        assert (good in published) == (kind == "duplicate"), bad
        assert canonical_id(good) not in table, bad  # canonical ids are never malformed


def test_stations_known_file_is_current() -> None:
    """data/stations_known.txt is generated; regenerate it when this fails (see its header)."""
    assert list(data.lines("stations_known.txt")) == build_known_stations(
        release_ids(), post_codes()
    )


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=6, max_size=12))
@settings(max_examples=200, deadline=None)
def test_fuzzy_index_matches_brute_force(key: str) -> None:
    hits = [s for s in known_stations() if len(s) >= 5 and _one_edit_apart(key, s)]
    expected = hits[0] if len(hits) == 1 and key != hits[0] + "S" else None
    assert _fuzzy_station(key) == expected


ids = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[0-9]{2}[A-Z0' .\-]{1,20}[0-9]{1,9}", fullmatch=True),
    st.sampled_from(sorted(malformed_ids())),
)


@given(ids)
@settings(max_examples=400, deadline=None)
def test_canonical_id_is_total_and_idempotent(refid: str) -> None:
    once = canonical_id(refid)
    assert canonical_id(once) == once
    assert isinstance(split_refid(refid), tuple | type(None))
    assert isinstance(is_cable_id(refid), bool)
    assert lookup_candidates(refid)[0] == "".join(refid.split()).upper()
