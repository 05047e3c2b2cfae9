"""The history of every cable of corpus/versions, end to end through the CLI: the snapshots
ingested in date order in one run, and shuffled over several runs, give one history, and it is
the right one; a bad snapshot is named and kept and the run goes on; the redaction spans."""

from __future__ import annotations

import csv
import html
import json
import random
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cablegate.store.sqlite import SqliteStore
from tests.conftest import HOSTILE_V, VERSIONS, VersionsArchive, ingest_sources
from tests.versions import spans

Cli = Callable[..., Result]
pytestmark = pytest.mark.skipif(
    not (VERSIONS / "versions.csv").exists(), reason=f"no versions corpus at {VERSIONS}"
)


def _rows() -> dict[str, list[dict[str, str]]]:
    with (VERSIONS / "versions.csv").open(newline="", encoding="utf-8") as f:
        out: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in csv.DictReader(f):
            row["file"] = row["file"].strip()
            out[row["refid"]].append(row)
        return out


ROWS = _rows() if (VERSIONS / "versions.csv").exists() else {}


def _plain_text(path: Path) -> str:
    """A page's cable text read crudely, with nothing of the archive's reader: the ``<pre>``
    blocks without the site's links, entities decoded, white space squeezed."""
    page = path.read_text(encoding="utf-8")
    text = " ".join(re.findall(r"<pre>(.*?)</pre>", page, re.S))
    text = re.sub(r"<a [^>]*>¶</a>", "", text)
    text = re.sub(r"<a [^>]*>([^<]*)</a>", r"\1", text)
    text = html.unescape(text.replace("&#x000A;", "\n")).replace("\\\n", "\n")
    return " ".join(text.split())


def _history(cli: Cli, db: Path, refid: str) -> dict[str, Any]:
    out = json.loads(cli("show", refid, "--history", "--json", "--db", str(db), ok=True).output)
    return {"history": out["history"], "body": out["body"], "source": out["source"]}


@pytest.fixture(scope="module")
def shuffled(
    versions_archive: VersionsArchive, tmp_path_factory: pytest.TempPathFactory
) -> VersionsArchive:
    """The same sources in a shuffled order, over three ingest runs."""
    sources = list(versions_archive.sources)
    random.Random(2011).shuffle(sources)
    groups = [sources[i::3] for i in range(3)]
    db = tmp_path_factory.mktemp("shuffled") / "shuffled.db"
    output, code = ingest_sources(db, groups)
    return VersionsArchive(db, tuple(sources), output, code)


def test_the_bad_snapshot_is_named_kept_and_the_run_goes_on(
    versions_archive: VersionsArchive,
) -> None:
    out = versions_archive.output
    assert versions_archive.exit_code == 1  # some pages rejected or damaged: said by the status
    assert "144 cables in" in out and "1 rejected" in out
    assert re.search(r"rejected \S*2010-12-05_bad/cable/2007/01/07BROKEN1\.html: page: not a", out)
    assert re.search(
        r"damaged \S*2010-12-05_bad/cable/2007/01/07ALGIERS45\.html: .*not valid UTF-8", out
    )
    assert re.search(r"damaged \S*07PARIS322\.html: .*truncated inside the cable text", out)
    store = SqliteStore.open(versions_archive.db, readonly=True)
    kept = dict(store.conn.execute("SELECT location, raw FROM rejects").fetchall())
    store.close()
    assert len(kept) == 3
    broken = next(raw for loc, raw in kept.items() if "07BROKEN1" in loc)
    assert broken.startswith("<html><head><title>Cable Viewer")  # the page, kept as read


def test_07algiers45(cli: Cli, versions_archive: VersionsArchive) -> None:
    got = _history(cli, versions_archive.db, "07algiers45")  # any spelling
    h = got["history"]
    assert h["refid"] == "07ALGIERS45" and h["current"] == 1
    assert [(a["version"], a["first_seen"], a["last_seen"]) for a in h["timeline"]] == [
        (1, "2010-12-01", "2010-12-01"),
        (2, "2010-12-02", "2010-12-22"),
    ]
    change = h["timeline"][1]["change"]
    assert change["summary"] == "7 passages redacted in the 2010-12-02 version: 9 words, 2 names"
    v1, v2 = h["versions"]
    assert (v1["current"], v1["redactions"], v1["hidden_words"]) == (True, 0, 0)
    assert (v2["current"], v2["redactions"], v2["hidden_words"], v2["hidden_names"]) == (
        False,
        7,
        9,
        2,
    )
    assert [(s["name"], s["seen"], s["basis"], s["site_count"]) for s in v1["sources"]] == [
        ("2010-12-01_anarchivist_ad43b7ce", "2010-12-01", "snapshot-name", 471)
    ]
    assert [(s["name"], s["seen"], s["basis"]) for s in v2["sources"]] == [
        ("2010-12-02_anarchivist_9d8689f1", "2010-12-02", "snapshot-name"),
        # a folder named 2010-12-13 whose pages list the release of 2010-12-22
        ("2010-12-13_gabrielduque_1032dc26", "2010-12-22", "site-newest-release"),
    ]
    assert "Nadia Mellal, who covered all aspects" in got["body"]
    assert "2010-12-01_anarchivist_ad43b7ce" in got["source"]
    # the page with bytes that are no text is a damaged copy, out of the versions
    assert [d["sources"][0]["name"] for d in h["damaged"]] == ["2010-12-05_bad"]


@pytest.mark.parametrize("refid", sorted(ROWS))
def test_every_cable(cli: Cli, versions_archive: VersionsArchive, refid: str) -> None:
    """Checked against versions.csv and the pages read without the archive's reader: every page
    is a source of the version whose text it carries, with that version's runs of X; versions
    follow their sources' dates; the current one has the fewest redactions."""
    h = _history(cli, versions_archive.db, refid)["history"]
    rows = ROWS[refid]
    by_text: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        by_text[_plain_text(VERSIONS / row["file"])].add(row["file"].split("/")[0])
    expected_groups = sorted(sorted(names) for names in by_text.values())
    got_groups = sorted(sorted(s["name"] for s in v["sources"]) for v in h["versions"])
    assert got_groups == expected_groups
    runs = {row["file"].split("/")[0]: int(row["redaction_spans"]) for row in rows}
    folder_day = {row["file"].split("/")[0]: row["file"][:10] for row in rows}
    for v in h["versions"]:
        assert {runs[s["name"]] for s in v["sources"]} == {v["redactions"]}
        for s in v["sources"]:
            assert s["seen"] >= folder_day[s["name"]]
            assert s["seen"] == folder_day[s["name"]] or s["basis"] == "site-newest-release"
    days = [a["first_seen"] for a in h["timeline"]]
    assert days == sorted(days)
    first_appearance = list(dict.fromkeys(a["version"] for a in h["timeline"]))
    assert first_appearance == list(range(1, len(h["versions"]) + 1))
    current = h["versions"][h["current"] - 1]
    assert current["redactions"] == min(v["redactions"] for v in h["versions"])
    assert all(v["hidden_words"] == 0 for v in h["versions"] if v["redactions"] == 0)


def test_any_order_gives_the_same_histories(
    cli: Cli, versions_archive: VersionsArchive, shuffled: VersionsArchive
) -> None:
    assert shuffled.exit_code == 1 and "damaged" in shuffled.output
    for refid in [*sorted(ROWS), HOSTILE_V]:
        assert _history(cli, shuffled.db, refid) == _history(cli, versions_archive.db, refid)


def test_stats_count_the_versions(cli: Cli, versions_archive: VersionsArchive) -> None:
    stats = json.loads(cli("stats", "--db", str(versions_archive.db), "--json", ok=True).output)
    # 98 distinct texts of the 46 cables (140 pages) and 2 of the hostile cable; 2 damaged
    assert (stats["versions"], stats["damaged_versions"]) == (100, 2)
    assert stats["cables_with_versions"] == 47 and stats["redacted_cables"] == 47
    assert stats["sources_seen"] == 144
    text = cli("stats", "--db", str(versions_archive.db), ok=True).output
    assert re.search(r"cables with versions\s+47", text)


def test_show_history_as_text(cli: Cli, versions_archive: VersionsArchive) -> None:
    out = cli("show", "07PARIS322", "--history", "--db", str(versions_archive.db), ok=True).output
    assert "07PARIS322: 2 versions" in out
    assert "version 2: 3 passages redacted in the 2010-12-04 version: 448 words" in out
    assert "version 1: 3 redactions lifted in the 2010-12-22 version" in out  # back again
    assert "damaged copy (page: truncated inside the cable text): 2010-12-05_bad" in out


def test_redaction_spans_are_shown_as_what_they_hid(versions_archive: VersionsArchive) -> None:
    """At least 95 % of the spans of redaction-spans.csv: ``python tests/versions/spans.py``
    lists the others with the reason."""
    store = SqliteStore.open(versions_archive.db, readonly=True)
    outcomes = spans.measure(store, spans.read_spans())
    store.close()
    shown = sum(o.shown for o in outcomes)
    assert len(outcomes) == 274
    assert shown / len(outcomes) >= spans.THRESHOLD, [o.why for o in outcomes if not o.shown]
    assert all(o.why for o in outcomes if not o.shown)
