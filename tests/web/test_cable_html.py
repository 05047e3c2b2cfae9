"""The lists written in Python (``web/cable_html.py``) against the template loops they replace:
the same bytes for every row of the test archive, the hostile cable's included, and for rows
with missing or odd values."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from cablegate.archive import open_store
from cablegate.store.base import CableSummary
from cablegate.web import cable_html, render
from tests.web.conftest import HOSTILE

# the rows loop of _macros.html's cable_table before it became cable_rows_html
ROWS_LOOP = """{% for c in items %}
<tr>
<td><a href="{{ cable_url(c.refid) }}">{{ c.refid }}</a></td>
<td>{{ c.subject|display }}</td>
<td><time datetime="{{ c.created or '' }}">{{ (c.created or '')[:10] }}</time></td>
{% set o, k = origin_url(c.origin), classification_url(c.classification) %}
<td>{% if o %}<a href="{{ o }}">{{ c.origin }}</a>{% else %}{{ c.origin or "" }}{% endif %}</td>
<td>{% if k %}<a href="{{ k }}">{{ c.classification }}</a>{% else %}{{ c.classification or "" }}{% endif %}</td>
</tr>
{% endfor %}
"""

ODD = [
    CableSummary("X", "", None, None, None, None),
    CableSummary("07LIMA487", "<b>&", "2007-02-20T22:45", None, 'Embassy "Lima"', "SECRET"),
    CableSummary("A&B", "subject", "bad date", None, "???", "!!!"),
    CableSummary("10ROME1", "'quotes'", "2010-01-01", None, "Embassy Rome", "UNCLASSIFIED//FOUO"),
]


def _jinja(items: list[CableSummary]) -> str:
    return render.ENV.from_string(ROWS_LOOP).render(items=items)


@pytest.mark.parametrize("rows", [ODD[:1], ODD, []], ids=["one", "odd", "none"])
def test_rows_are_the_template_loop_byte_for_byte(rows: list[CableSummary]) -> None:
    assert cable_html.cable_rows_html(rows) == _jinja(rows)


def test_every_row_of_the_test_archive_is_the_template_loop(web_db: Path) -> None:
    store = open_store(web_db, readonly=True)
    try:
        rows = [r for y in ("2007", "2008") for r in store.browse("year", y, per_page=500).items]
    finally:
        store.close()
    assert len(rows) > 20 and HOSTILE in {r.refid for r in rows}
    assert cable_html.cable_rows_html(rows) == _jinja(rows)


@given(st.text())
def test_esc_is_markupsafes_escape(text: str) -> None:
    assert cable_html.esc(text) == str(escape(text))
