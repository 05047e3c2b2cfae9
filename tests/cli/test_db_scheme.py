"""``--db`` and ``$CABLEGATE_DB`` with a URL this build cannot open (issue 13): a usage error
(exit 2) naming the forms it takes, before anything is created: no folder named after the
scheme, no archive file, no index beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE

# (command, how the URL is given): every command that opens or creates an archive
CASES = [
    (["stats"], "flag"),
    (["ingest", str(SAMPLE / "cables.csv"), "--no-progress"], "flag"),
    (["serve", "--port", "1"], "flag"),
    (["stats"], "env"),
    (["ingest", str(SAMPLE / "cables.csv"), "--no-progress"], "env"),
    (["serve", "--port", "1"], "env"),
]
URLS = {"flag": "mysql://user@db.example/cables", "env": "foo://bar"}


@pytest.mark.parametrize(("command", "given"), CASES, ids=lambda c: str(c))
def test_an_unknown_scheme_is_exit_2_and_creates_nothing(
    command: list[str], given: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cablegate.cli import main

    monkeypatch.chdir(tmp_path)
    url = URLS[given]
    args = [*command, "--db", url] if given == "flag" else command
    env = {"CABLEGATE_DB": url} if given == "env" else {"CABLEGATE_DB": None}
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    scheme = url.split(":", 1)[0]
    assert f"cannot open a {scheme}: archive" in result.output
    assert "sqlite:///PATH" in result.output and "postgresql://" in result.output
    assert list(tmp_path.iterdir()) == []
