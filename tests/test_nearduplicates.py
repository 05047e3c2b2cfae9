"""Near-duplicate groups (``cablegate.nearduplicates``): made-up texts that must and must not
group, the build streamed from a store of either backend, the file it writes and reads."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.errors import CablegateError
from cablegate.nearduplicates import (
    SHINGLE_WORDS,
    Text,
    build,
    group,
    load,
    path_for,
    shingles,
    texts,
)
from cablegate.store.base import Store
from tests.store.test_store import _put, _src

VOCABULARY = [f"w{n}" for n in range(3000)]


def prose(seed: int, n: int = 300) -> str:
    """``n`` words drawn from a large vocabulary: two seeds share almost no five-word run."""
    rng = random.Random(seed)
    return " ".join(rng.choice(VOCABULARY) for _ in range(n))


def edited(text: str, every: int, seed: int = 0) -> str:
    """``text`` with one word in ``every`` replaced (a corrected copy, a retyped line)."""
    words = text.split()
    rng = random.Random(seed)
    return " ".join(
        "changed" + str(rng.random()) if i % every == 0 else w for i, w in enumerate(words)
    )


BASE = prose(1)
# (name, other text, groups with BASE)
PAIRS = [
    ("the same text re-sent", BASE, True),
    ("a corrected copy: one word in 150 changed", edited(BASE, 150), True),
    ("a new header line before the same text", "PASS TO THE AMBASSADOR " + BASE, True),
    ("the same text cut short by a tenth", " ".join(BASE.split()[:270]), True),
    ("one word in 20 changed (two-thirds of the runs differ)", edited(BASE, 20), False),
    ("half of the text, half another", " ".join(BASE.split()[:150]) + " " + prose(2, 150), False),
    ("another text of the same words", prose(3), False),
    ("the same words in reverse order", " ".join(reversed(BASE.split())), False),
]


@pytest.mark.parametrize(("other", "grouped"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_pairs_that_must_and_must_not_group(other: str, grouped: bool) -> None:
    found, read = group([Text("07LIMA1", BASE), Text("07LIMA2", other), Text("07LIMA3", prose(9))])
    assert read == 3
    assert found == ([["07LIMA1", "07LIMA2"]] if grouped else [])


def test_groups_are_transitive_and_apart() -> None:
    """A circular sent three times and another re-sent twice: two groups, the rest alone."""
    other = prose(5)
    items = [
        Text("09STATE3", BASE),
        Text("09LIMA1", prose(6)),
        Text("09STATE1", edited(BASE, 200, seed=1)),
        Text("09QUITO7", other),
        Text("09STATE2", edited(BASE, 200, seed=2)),
        Text("09QUITO8", "CORRECTED COPY " + other),
    ]
    found, _ = group(items)
    assert found == [["09QUITO7", "09QUITO8"], ["09STATE1", "09STATE2", "09STATE3"]]


def test_short_texts_never_group() -> None:
    """Two one-line cables saying the same thing are not a re-sent cable."""
    line = "PLEASE PASS TO THE DESK OFFICER"
    assert group([Text("07LIMA1", line), Text("07LIMA2", line)])[0] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", set()),
        ("one two three four", set()),
        ("One two, three: four five", {b"one two three four five"}),
        ("a b c d e f", {b"a b c d e", b"b c d e f"}),
    ],
)
def test_shingles_are_runs_of_index_words(text: str, expected: set[bytes]) -> None:
    assert SHINGLE_WORDS == 5
    assert shingles(text) == expected


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=400), max_size=12))
def test_any_text_groups_without_error(bodies: list[str]) -> None:
    """Wild text never raises; every group has two cables or more, and no cable is in two."""
    found, read = group([Text(f"07X{n}", b) for n, b in enumerate(bodies)])
    assert read == len(bodies)
    members = [r for g in found for r in g]
    assert len(members) == len(set(members))
    assert all(len(g) >= 2 for g in found)


def test_built_from_a_store_and_read_back(store: Store, tmp_path: Path) -> None:
    """On each backend: the store is streamed, the groups written beside the index, read."""
    circular = prose(7)
    _put(
        store,
        _src("07STATE101", body="UNCLASSIFIED\nSUBJECT: A CIRCULAR\n\n1. " + circular),
        _src("07STATE102", body="UNCLASSIFIED\nSUBJECT: A CIRCULAR\n\n1. (U) " + circular),
        _src("07LIMA103"),
        _src("07LIMA104", body="UNCLASSIFIED\nSUBJECT: SOMETHING ELSE\n\n1. " + prose(8)),
    )
    assert sorted(t.refid for t in texts(store)) == [
        "07LIMA103",
        "07LIMA104",
        "07STATE101",
        "07STATE102",
    ]
    index = tmp_path / "t.db.index"
    assert load(path_for(index)) is None  # not built yet
    built = build(store, index)
    assert (built.groups, built.cables, built.read) == (1, 2, 4)
    assert built.path == tmp_path / "t.db.near-duplicates.json"
    groups = load(built.path)
    assert groups is not None
    assert groups.of("07STATE101") == ("07STATE102",)
    assert groups.of("07LIMA103") == ()


def test_a_damaged_file_says_to_build_again(tmp_path: Path) -> None:
    path = tmp_path / "a.near-duplicates.json"
    path.write_text("{not json")
    with pytest.raises(CablegateError, match="similar --build"):
        load(path)


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ("archive.db.index", "archive.db.near-duplicates.json"),
        ("pg-0a1b.index", "pg-0a1b.near-duplicates.json"),
        ("idx", "idx.near-duplicates.json"),
    ],
)
def test_groups_file_beside_the_index(index: str, expected: str) -> None:
    assert path_for(Path("/x") / index) == Path("/x") / expected
