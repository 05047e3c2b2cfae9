"""Reflowing hard-wrapped text: wrapped lines joined, list items and tables kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.reflow import reflow, section_breaks


def test_reflow_joins_hard_wraps_and_keeps_tables() -> None:
    chunks = reflow(
        "The Garcia government has developed a\ncomprehensive plan that could end\nthe threat.\n\n"
        "NAME        TITLE\nGarcia      President\nWagner      Minister"
    )
    assert (
        chunks[0].text
        == "The Garcia government has developed a comprehensive plan that could end the threat."
    )
    assert chunks[1].kind == "lines"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("counter-\nterrorism efforts", [("p", "counter-terrorism efforts")]),
        ("a dash --\nremote", [("p", "a dash -- remote")]),
        ("Points:\n-- one\n-- two", [("p", "Points:"), ("item", "-- one"), ("item", "-- two")]),
        ("a sentence broken\n\nby a blank line.", [("p", "a sentence broken by a blank line.")]),
        (
            "Embassy Lima\nAv. La Encalada\nLima 33\nPeru",
            [("lines", "Embassy Lima\nAv. La Encalada\nLima 33\nPeru")],
        ),
    ],
)
def test_reflow_cases(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.kind, c.text) for c in reflow(text)] == expected


def test_section_breaks_skip_the_banner() -> None:
    text = "C O N F I D E N T I A L SECTION 01 OF 02 X 1\n\ntext\nC O N F I D E N T I A L SECTION 02 OF 02 X 1\nmore"
    ((start, end),) = section_breaks(text)
    assert text[start:end] == "C O N F I D E N T I A L SECTION 02 OF 02 X 1"


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -\n\t.:ECTION 0123OF()*o")), max_size=300))
def test_reflow_only_moves_whitespace(text: str) -> None:
    """No section line to drop (no "S"): every other character comes out again, in order."""
    out = "".join(c.text for c in reflow(text))
    assert "".join(out.split()) == "".join(text.split())
