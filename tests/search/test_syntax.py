"""The query language: each form read into its tree, each fault reported where it is."""

from __future__ import annotations

import pytest

from cablegate.errors import QueryError
from cablegate.search.syntax import FIELDS, And, Everything, Node, Not, Or, Term, parse


def show(node: Node) -> str:
    """A compact form of a tree: AND(a, OR(b, c)), NOT(x), origin:lima, "a b", pre*."""
    if isinstance(node, Term):
        text = f'"{node.text}"' if node.phrase else node.text + ("*" if node.prefix else "")
        return f"{node.field}:{text}" if node.field else text
    if isinstance(node, Everything):
        return "*"
    if isinstance(node, Not):
        return f"NOT({show(node.child)})"
    name = "AND" if isinstance(node, And) else "OR"
    assert isinstance(node, And | Or)
    return f"{name}({', '.join(show(c) for c in node.children)})"


READS = [
    ("sendero", "sendero"),
    ("sendero luminoso", "AND(sendero, luminoso)"),
    ("iran AND nuclear", "AND(iran, nuclear)"),
    ("oil OR gas", "OR(oil, gas)"),
    ("china NOT taiwan", "AND(china, NOT(taiwan))"),
    ("china AND NOT taiwan", "AND(china, NOT(taiwan))"),
    ("china -taiwan", "AND(china, NOT(taiwan))"),
    ("NOT taiwan", "NOT(taiwan)"),
    ("-taiwan", "NOT(taiwan)"),
    ('"human rights"', '"human rights"'),
    ('-"human rights" abuse', 'AND(NOT("human rights"), abuse)'),
    ("nucl*", "nucl*"),
    ("a OR b c", "OR(a, AND(b, c))"),
    ("(a OR b) c", "AND(OR(a, b), c)"),
    ("a OR b OR c", "OR(a, b, c)"),
    ("-(a OR b)", "NOT(OR(a, b))"),
    ("iran and nuclear", "AND(iran, and, nuclear)"),
    ("al-qaida", "al-qaida"),
    ("origin:lima", "origin:lima"),
    ("Origin:lima", "origin:lima"),
    ("origin:embassy-lima", "origin:embassy-lima"),
    ('origin:"embassy lima"', 'origin:"embassy lima"'),
    ("origin:(lima OR quito)", "OR(origin:lima, origin:quito)"),
    ("origin:(lima -tag:PGOV)", "AND(origin:lima, NOT(tag:PGOV))"),
    ("tag:PGOV", "tag:PGOV"),
    ("tag:P*", "tag:P*"),
    ("classification:secret", "classification:secret"),
    ("subject:election", "subject:election"),
    ("refid:07LIMA487", "refid:07LIMA487"),
    ("from:lima to:secstate", "AND(from:lima, to:secstate)"),
    ("country:PE region:africa", "AND(country:PE, region:africa)"),
    ("created:2007-01..2007-06", "created:2007-01..2007-06"),
    ("created:..2005", "created:..2005"),
    ("released:2011-08-30", "released:2011-08-30"),
    ("subject:AND", "subject:AND"),
    ("10:30", "10:30"),
    ("*", "*"),
    ("* -taiwan", "AND(*, NOT(taiwan))"),
    ("  spaced   out  ", "AND(spaced, out)"),
]


@pytest.mark.parametrize(("query", "tree"), READS, ids=[q for q, _ in READS])
def test_reads(query: str, tree: str) -> None:
    assert show(parse(query)) == tree


FAULTS = [
    ("", 0, "empty query"),
    ("   ", 0, "empty query"),
    ('"human rights', 0, "unbalanced quote"),
    ('iran "nuclear', 5, "unbalanced quote"),
    ("(iran OR iraq", 0, "never closed"),
    ("iran OR iraq)", 12, "has no ("),
    (")", 0, "has no ("),
    ("()", 0, "empty parentheses"),
    ("((((", 4, "ends too soon"),
    ("(iran OR (", 10, "ends too soon"),
    ("AND iran", 0, "AND needs something on each side"),
    ("iran AND", 5, "AND has nothing to work on"),
    ("iran OR", 5, "OR has nothing to work on"),
    ("iran OR OR iraq", 5, "OR has nothing to work on"),
    ("(iran OR)", 6, "OR has nothing"),
    ("iran NOT", 5, "NOT needs a word"),
    ("iran - iraq", 5, "- needs a word"),
    ("-", 0, "- needs a word"),
    ("foo:bar", 0, 'unknown field "foo:"'),
    ("iran sujbect:x", 5, "the fields are subject:, origin:"),
    ("origin:", 0, "origin: needs a value"),
    ("origin: lima", 0, "origin: needs a value"),
    ("(origin:)", 1, "origin: needs a value"),
    ("-" * 60 + "x", 50, "nests too deep"),
    ("x" * 5000, 4000, "too long"),
]


@pytest.mark.parametrize(("query", "position", "message"), FAULTS, ids=[q[:30] for q, *_ in FAULTS])
def test_faults(query: str, position: int, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert caught.value.position == position
    assert message in caught.value.message
    assert caught.value.query == query


def test_unknown_field_lists_every_field() -> None:
    with pytest.raises(QueryError) as caught:
        parse("foo:bar")
    for field in FIELDS:
        assert f"{field}:" in caught.value.message
    assert str(caught.value).endswith("(at character 1)")
