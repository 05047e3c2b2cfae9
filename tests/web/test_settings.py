"""``cablegate serve``'s settings under load: defaults, then ``CABLEGATE_*``, then flags, passed
on to the workers; one worker per core unless told otherwise."""

from __future__ import annotations

import os
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cablegate.cli import main
from cablegate.web import workers as workers_mod
from cablegate.web.settings import SETTINGS, ServeSettings, from_env, to_env


def test_the_table_and_the_dataclass_agree() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in fields(ServeSettings)]
    assert asdict(ServeSettings()) == {s.name: s.default for s in SETTINGS}


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, ServeSettings()),
        ({"CABLEGATE_QUEUE_MS": "250"}, ServeSettings(queue_ms=250)),
        ({"CABLEGATE_MAX_WAITING": " 8 ", "CABLEGATE_SEARCH_MS": ""}, ServeSettings(max_waiting=8)),
        ({"CABLEGATE_FACET_MS": "50", "CABLEGATE_QUERY_MS": "900"}, ServeSettings(facet_ms=50, query_ms=900)),
        ({"CABLEGATE_PAGE_CACHE_MB": "0"}, ServeSettings(page_cache_mb=0)),
    ],
)  # fmt: skip
def test_from_env(environ: dict[str, str], expected: ServeSettings) -> None:
    assert from_env(environ) == expected


@pytest.mark.parametrize("raw", ["0", "-5", "fast", "1.5"])
def test_a_bad_value_names_its_variable(raw: str) -> None:
    with pytest.raises(ValueError, match="CABLEGATE_QUEUE_MS"):
        from_env({"CABLEGATE_QUEUE_MS": raw})


@pytest.mark.parametrize("raw", ["-1", "none", "0.5"])
def test_a_setting_that_may_be_zero_is_still_checked(raw: str) -> None:
    with pytest.raises(ValueError, match="CABLEGATE_PAGE_CACHE_MB.*at least 0"):
        from_env({"CABLEGATE_PAGE_CACHE_MB": raw})


def test_to_env_round_trips() -> None:
    settings = ServeSettings(max_waiting=3, queue_ms=40, retry_after=2, search_ms=700)
    assert from_env(to_env(settings)) == settings


class Launched:
    """What ``serve`` would have started: worker sockets, or one uvicorn.run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.workers: int | None = None
        self.run: dict[str, Any] | None = None
        self.environ: dict[str, str] = {}
        launched = self

        class FakeWorkers:
            def __init__(self, options: dict[str, Any], sockets: list[Any]) -> None:
                launched.workers = len(sockets)
                launched.environ = dict(os.environ)
                for sock in sockets:
                    sock.close()

            def run(self) -> int:
                return 0

        def fake_run(**options: Any) -> None:
            launched.run = options
            launched.environ = dict(os.environ)

        monkeypatch.setattr(workers_mod, "Workers", FakeWorkers)
        monkeypatch.setattr("uvicorn.run", fake_run)
        for setting in SETTINGS:
            monkeypatch.delenv(setting.env, raising=False)
        monkeypatch.setenv("CABLEGATE_DB", "unused")  # serve sets it; undone after the test


def _serve(db: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", "0", *args])
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not workers_mod.supported(), reason="SO_REUSEPORT workers: Linux")
def test_serve_starts_one_worker_per_core_by_default(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    launched = Launched(monkeypatch)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    _serve(web_db)
    assert launched.workers == 3 and launched.run is None


@pytest.mark.parametrize("args", [["--workers", "1"], ["--reload"]])
def test_one_worker_when_asked_or_reloading(
    web_db: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    launched = Launched(monkeypatch)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    _serve(web_db, *args)
    assert launched.workers is None and launched.run is not None
    assert launched.run["workers"] in (1, None)


def test_flags_over_environment_reach_the_workers(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    launched = Launched(monkeypatch)
    monkeypatch.setenv("CABLEGATE_QUEUE_MS", "250")
    monkeypatch.setenv("CABLEGATE_SEARCH_MS", "800")
    _serve(web_db, "--workers", "1", "--search-ms", "300", "--max-waiting", "5")
    assert from_env(launched.environ) == ServeSettings(max_waiting=5, queue_ms=250, search_ms=300)


def test_a_bad_environment_value_stops_serve_with_one_line(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Launched(monkeypatch)
    monkeypatch.setenv("CABLEGATE_QUEUE_MS", "soon")
    result = CliRunner().invoke(main, ["serve", "--db", str(web_db)])
    assert result.exit_code == 2
    assert "CABLEGATE_QUEUE_MS" in result.output


def test_every_setting_is_documented() -> None:
    from tests.conftest import ROOT

    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"`{setting.flag} " in deploy and f"`{setting.env}`" in deploy, setting.name
        assert f"{setting.flag} " in readme, setting.name
