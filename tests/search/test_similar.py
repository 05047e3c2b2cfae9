"""Similar cables on the shared corpus (5,731 cables): for 20 cables known to be near-duplicates
of another or to answer another, that other is among the five most similar.

How the 20 were chosen, by rules fixed before looking at the answers:
- ``NEAR_DUPLICATES``: the first ten groups, in refid order, of ``cablegate similar --build`` on
  the corpus (each pair's first two cables); that they are near-duplicates is checked here
  independently, by the exact Jaccard similarity of their five-word runs (0.78 to 1.0).
  Corrected copies (06SANJOSE2037/2041), a cable sent from two posts (06AMMAN3564/06PARIS4247),
  country clearances of one form (06SANJOSE628/812).
- ``ANSWERS``: the first ten cables, in refid order, whose REF line names another corpus cable
  such that exactly one of the two is from the Secretary of State (an instruction and the
  post's reply, either way) and no other corpus cable names it (a circular answered by many
  posts has replies more like each other than like it: 08STATE85678 and its 16 replies).
The cable on the left of each pair is the one asked about.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cablegate.nearduplicates import shingles
from tests.conftest import needs_corpus
from tests.peer import CORPUS

NEAR_DUPLICATES = [
    ("05PARIS3118", "05PARIS4749"),
    ("05PARIS5539", "05SOFIA1280"),
    ("05SANJOSE2640", "05SANJOSE2641"),
    ("06AMMAN3564", "06PARIS4247"),
    ("06SANJOSE2037", "06SANJOSE2041"),
    ("06SANJOSE2734", "06SANJOSE2737"),
    ("06SANJOSE628", "06SANJOSE812"),
    ("06SANJOSE934", "06SANJOSE936"),
    ("07BRASILIA430", "07BRASILIA431"),
    ("07MANAMA1010", "07MANAMA1021"),
]
ANSWERS = [
    ("01PARIS11204", "01STATE176819"),
    ("06MADRID779", "06STATE40904"),
    ("07STATE135395", "07BERN881"),
    ("07VILNIUS129", "07STATE18578"),
    ("08BEIJING3039", "08STATE83144"),
    ("08BERLIN643", "08STATE15220"),
    ("08SANJOSE267", "08STATE22315"),
    ("08SANJOSE692", "08STATE69218"),
    ("08SANJOSE771", "08STATE96188"),
    ("08SAOPAULO468", "08STATE58722"),
]
# 06MADRID779 -> 06STATE40904 and 07STATE135395 -> 07BERN881 were misses until the time prior
# of search/similar.py (other meetings with the same minister, of other years, ranked higher).
PAIRS = [pytest.param(*p, id=f"{p[0]}-{p[1]}") for p in NEAR_DUPLICATES + ANSWERS]

pytestmark = needs_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The corpus ingested and its near-duplicates grouped, through the CLI; its store and
    index open."""
    from cablegate.archive import index_path, open_store
    from cablegate.cli import main
    from cablegate.search.index import SearchIndex

    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    for args in (
        ["ingest", str(CORPUS / "cables.csv"), "--db", str(db), "--no-progress"],
        ["similar", "--build", "--db", str(db)],
    ):
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    store = open_store(db)
    index = SearchIndex.open(index_path(Path(db)))
    yield store, index
    index.close()
    store.close()


@pytest.mark.parametrize(("asked", "expected"), PAIRS)
def test_expected_cable_in_the_top_five(corpus: Any, asked: str, expected: str) -> None:
    from cablegate.similarity import similar_to

    store, index = corpus
    found = similar_to(store, index, asked, limit=5)
    assert found.similar is not None
    assert expected in [h.refid for h in found.similar]


def _jaccard(store: Any, a: str, b: str) -> float:
    from cablegate.parse.text import clean_content

    sa, sb = (shingles(clean_content(store.get(r).cable.body)) for r in (a, b))
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize(("a", "b"), NEAR_DUPLICATES)
def test_near_duplicates_grouped_and_truly_near(corpus: Any, a: str, b: str) -> None:
    from cablegate.similarity import similar_to

    store, index = corpus
    # 0.8 within two standard errors of an estimate from 64 values (0.05 at 0.8): a group is
    # transitive, and 06SANJOSE628/812 are 0.78, each 0.8 or more with another of the group
    assert _jaccard(store, a, b) >= 0.7
    found = similar_to(store, index, a)
    assert found.near_duplicates is not None
    assert b in [s.refid for s in found.near_duplicates]


@pytest.mark.parametrize(("a", "b"), ANSWERS)
def test_an_answer_is_no_near_duplicate(corpus: Any, a: str, b: str) -> None:
    from cablegate.similarity import similar_to

    store, index = corpus
    assert _jaccard(store, a, b) < 0.5
    found = similar_to(store, index, a)
    assert found.near_duplicates is not None
    assert b not in [s.refid for s in found.near_duplicates]
