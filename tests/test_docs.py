"""Docs are tested: every CLI command and each of its options is in the README's reference."""

from __future__ import annotations

import re

import click
import pytest

from cablegate.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
ROWS = {m.group(1): m.group(0) for m in re.finditer(r"^\| `cablegate (\w+)[^\n]*", README, re.M)}


@pytest.mark.parametrize("name", sorted(main.commands))
def test_command_is_documented(name: str) -> None:
    assert name in ROWS, f"`cablegate {name}` is missing from the README's command table"
    command = main.commands[name]
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        longs = [o for o in param.opts + param.secondary_opts if o.startswith("--")]
        if param.name in ("db", "index"):  # every archive command: one sentence above the table
            assert "--db PATH" in README and "--index PATH" in README
            continue
        assert any(o in ROWS[name] for o in longs), f"{longs} of `{name}` not in its README row"


def test_search_syntax_is_documented() -> None:
    for field in (
        "origin:",
        "tag:",
        "classification:",
        "subject:",
        "refid:",
        "from:",
        "to:",
        "created:",
        "released:",
    ):
        assert field in README
