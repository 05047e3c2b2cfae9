"""Person pages in the mirror: keyed jobs rendered by the workers, every page of a person's
cables written, an unchanged person not even rendered, a changed cable's people alone again."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablegate.mirror.pages import Renderer
from cablegate.mirror.tree import KEY, read_manifest
from tests.mirror.conftest import mirror, summary
from tests.web.conftest import FRISBIE, MARKUP, PAGE_TWO, PAGE_TWO_ROW


def test_every_page_of_a_person_is_written(site: Path) -> None:
    one = (site / f"person/{FRISBIE}/index.html").read_text()
    two = (site / f"person/{FRISBIE}/page/2/index.html").read_text()
    assert f'href="../../person/{FRISBIE}/page/2/" rel="next"' in one
    assert "page 2 of 2" in two and f'href="../../../../cable/{PAGE_TWO}/"' in two
    assert (site / f"person/{FRISBIE}/page/2.json").read_text().count(PAGE_TWO) == 2
    assert not (site / f"person/{FRISBIE}/page/3").exists()
    for needle in MARKUP:
        assert needle not in two.lower()


def _refusing(self: Renderer, slug: str) -> Iterator[object]:
    raise AssertionError(f"{slug} rendered again")


def test_a_second_run_renders_no_person(
    copy: Path, web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Renderer, "person_list", _refusing)  # --jobs 1: in this process
    code, output = mirror(str(copy), "--db", str(web_db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    s = summary(output)
    assert s["people"] > 150 and s["written"] == 0


def test_a_changed_cable_renders_its_people_only(
    copy: Path, web_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cablegate.cli import main

    db = tmp_path / "changed.db"
    shutil.copy(web_db, db)
    changed = tmp_path / "changed.csv"
    changed.write_text(PAGE_TWO_ROW.replace("The last cable.", "The last cable, amended."))
    result = CliRunner().invoke(main, ["ingest", str(changed), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    rendered: list[str] = []
    real = Renderer.person_list

    def spy(self: Renderer, slug: str) -> Iterator[tuple[int, list[object]]]:
        rendered.append(slug)
        yield from real(self, slug)  # type: ignore[misc]

    monkeypatch.setattr(Renderer, "person_list", spy)
    before = read_manifest(copy)
    code, output = mirror(str(copy), "--db", str(db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    assert rendered == [FRISBIE]
    after = read_manifest(copy)
    rekeyed = {f for f in after if f.startswith("person/") and after[f][KEY] != before[f][KEY]}
    assert rekeyed == {
        f"person/{FRISBIE}/index.html",
        f"person/{FRISBIE}.json",
        f"person/{FRISBIE}/page/2/index.html",
        f"person/{FRISBIE}/page/2.json",
    }
