"""The search page's fast paths against the plain rules they replace: ``ToggleUrls`` against
``SearchState.toggling(...).url()``, the facet and histogram HTML against the template loops
they replaced (same bytes, hostile text included)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cablegate.web.context import Bar, Facet, FacetValue
from cablegate.web.query import FILTERS, SORTS, SearchState, ToggleUrls
from cablegate.web.render import ENV
from cablegate.web.search_html import facet_list_html, histogram_html

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
values = st.lists(
    st.one_of(text, st.sampled_from(["2007", "PGOV", "a&b", "x y", "é", ""])), max_size=3
)
states = st.builds(
    SearchState,
    q=st.one_of(st.just(""), text),
    filters=st.dictionaries(st.sampled_from(FILTERS), values.map(tuple), max_size=4),
    sort=st.sampled_from(SORTS),
    page=st.integers(1, 9),
    per_page=st.sampled_from([20, 50]),
)  # fmt: skip


@given(states, st.sampled_from(FILTERS), st.one_of(text, st.sampled_from(["2007", "PGOV"])))
def test_toggle_urls_are_the_states_urls(state: SearchState, name: str, value: str) -> None:
    assert ToggleUrls(state).url(name, value) == state.toggling(name, value).url()


@given(states)
def test_toggling_a_selected_value_removes_it(state: SearchState) -> None:
    urls = ToggleUrls(state, "/search.json")
    for name, chosen in state.filters.items():
        for value in chosen:
            assert urls.url(name, value) == state.toggling(name, value).url("/search.json")


# the template's loops before ``search_html`` (search.html, at commit 0aa9773)
PLAIN_FACET = ENV.from_string(
    """{% for v in f.values %}<li{% if v.selected %} class="on"{% endif %}><a href="{{ v.url }}"{% if v.selected %} aria-current="true" title="Remove this filter"{% endif %}>{% if v.selected %}<span aria-hidden="true">&#10003; </span>{% endif %}{{ v.label }}{% if f.name == "tag" or f.name == "country" %} <span class="hint">{{ v.value }}</span>{% endif %}</a> <span class="count">{{ v.count|number }}</span></li>
{% endfor %}"""
)
PLAIN_BARS = ENV.from_string(
    """{% for bar in bars %}<li{% if bar.selected %} class="on"{% endif %}><a href="{{ bar.url }}" title="{{ bar.label }}: {{ bar.count|number }}"{% if bar.selected %} aria-current="true"{% endif %}><span class="col" style="--h:{{ bar.height }}%"></span><span class="x" aria-hidden="true">{{ bar.label[-2:] }}</span><span class="vh">{{ bar.label }}: {{ bar.count|number }} cables</span></a></li>
{% endfor %}"""
)
hostile = st.one_of(text, st.sampled_from(['<script>alert("x")</script>', "a&b", "'\"", "\u202e"]))


@given(
    st.sampled_from(["tag", "country", "year", "origin"]),
    st.lists(st.tuples(hostile, hostile, st.integers(0, 10**6), st.booleans(), hostile), max_size=6),
)  # fmt: skip
def test_facet_list_html_is_the_templates(
    name: str, rows: list[tuple[str, str, int, bool, str]]
) -> None:
    facet = Facet(
        name, "Title", tuple(FacetValue(name, v, lab, n, on, u) for v, lab, n, on, u in rows)
    )
    assert facet_list_html(facet) == PLAIN_FACET.render(f=facet)


@given(
    st.lists(
        st.tuples(hostile, st.integers(0, 10**6), st.integers(0, 100), hostile, st.booleans()),
        max_size=6,
    )
)
def test_histogram_html_is_the_templates(rows: list[tuple[str, int, int, str, bool]]) -> None:
    bars = tuple(Bar(*row) for row in rows)
    assert histogram_html(bars) == PLAIN_BARS.render(bars=bars)
