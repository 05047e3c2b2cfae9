"""The search language, read into a small tree: tokenizer plus recursive descent.

Grammar (upper-case operators only; a lower-case ``and`` is just a word)::

    query   := or EOF
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*          # two terms side by side: AND
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or ")" | FIELD ":" value | WORD | "PHRASE" | "*"
    value   := WORD | "PHRASE" | "(" or ")"    # no space after the colon

Every fault is a :class:`~cablegate.errors.QueryError` naming the 0-based position where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegate.errors import QueryError

FIELDS: tuple[str, ...] = (
    "subject",
    "origin",
    "from",
    "to",
    "tag",
    "classification",
    "refid",
    "country",
    "region",
    "created",
    "released",
    "redacted",
    "person",
    "classifier",
    "reason",
    "eo",
    "decl",
)
OPERATORS = ("AND", "OR", "NOT")
MAX_LENGTH = 4000  # characters; a longer "query" is a pasted document, not a search
MAX_DEPTH = 50  # nested groups and negations; keeps the recursive descent far from Python's limit
_STOP = frozenset(' \t\n\r\f\v()"')
_REASON_TAIL = re.compile(r"\([A-Za-z]\)")


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # WORD PHRASE FIELD LPAREN RPAREN AND OR NOT MINUS EOF
    text: str
    pos: int


@dataclass(frozen=True, slots=True)
class Term:
    """A word, a ``"phrase"`` or a ``prefix*``, in one named field or in the default fields."""

    text: str
    pos: int
    field: str | None = None
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Everything:
    """``*``: every cable (useful with filters, or as ``* -word``)."""

    pos: int


@dataclass(frozen=True, slots=True)
class Not:
    child: Node
    pos: int


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Everything | Not | And | Or


def tokenize(query: str) -> list[Token]:
    """Cut ``query`` into tokens; an unclosed quote or an unknown field is an error here."""
    tokens: list[Token] = []
    i, n = 0, len(query)
    after_field = False  # the value of ``field:`` is always a word, even "AND"
    while i < n:
        c = query[i]
        if c.isspace():
            if after_field:
                raise _needs_value(tokens[-1], query)
            i += 1
            continue
        if c == "(":
            tokens.append(Token("LPAREN", c, i))
            i += 1
        elif c == ")":
            if after_field:
                raise _needs_value(tokens[-1], query)
            tokens.append(Token("RPAREN", c, i))
            i += 1
        elif c == '"':
            end = query.find('"', i + 1)
            if end < 0:
                raise QueryError(
                    'unbalanced quote: this " is never closed (close it, or remove it)', i, query
                )
            tokens.append(Token("PHRASE", query[i + 1 : end], i))
            i = end + 1
        elif c == "-" and not after_field:
            tokens.append(Token("MINUS", c, i))
            i += 1
        else:
            j = i
            while j < n and query[j] not in _STOP:
                j += 1
            # reason:1.4(b): the parenthesis belongs to the value, not a group
            if after_field and tokens[-1].text == "reason" and (m := _REASON_TAIL.match(query, j)):
                j = m.end()
            word = query[i:j]
            name, colon, _ = word.partition(":")
            if colon and not after_field and name.isascii() and name.isalpha():
                field = name.lower()
                if field not in FIELDS:
                    raise QueryError(
                        f'unknown field "{name}:"; the fields are '
                        + ", ".join(f"{f}:" for f in FIELDS)
                        + " (put the text in quotes to search for it as written)",
                        i,
                        query,
                    )
                tokens.append(Token("FIELD", field, i))
                i += len(name) + 1
                after_field = True
                if i >= n:
                    raise _needs_value(tokens[-1], query)
                continue
            kind = word if word in OPERATORS and not after_field else "WORD"
            tokens.append(Token(kind, word, i))
            i = j
        after_field = False
    tokens.append(Token("EOF", "", n))
    return tokens


def _needs_value(field: Token, query: str) -> QueryError:
    return QueryError(
        f"{field.text}: needs a value right after the colon, e.g. {field.text}:{_EXAMPLE[field.text]}",
        field.pos,
        query,
    )


_EXAMPLE = {
    "subject": "election",
    "origin": "lima",
    "from": "lima",
    "to": "secstate",
    "tag": "PGOV",
    "classification": "secret",
    "refid": "07LIMA487",
    "country": "PE",
    "region": "africa",
    "created": "2007-01..2007-06",
    "released": "2011-08-30",
    "redacted": "yes",
    "person": "struble",
    "classifier": "struble",
    "reason": "1.4b",
    "eo": "12958",
    "decl": "passed",
}
_STARTS = frozenset({"WORD", "PHRASE", "FIELD", "LPAREN", "NOT", "MINUS"})


class _Parser:
    def __init__(self, query: str) -> None:
        if len(query) > MAX_LENGTH:
            raise QueryError(
                f"query too long: {len(query)} characters, at most {MAX_LENGTH}", MAX_LENGTH, query
            )
        self.query = query
        self.tokens = tokenize(query)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        t = self.tokens[self.i]
        self.i += 1
        return t

    def error(self, message: str, pos: int) -> QueryError:
        return QueryError(message, pos, self.query)

    def parse(self) -> Node:
        if self.tok.kind == "EOF":
            raise self.error("empty query: type some words, or * for every cable", 0)
        node = self.parse_or()
        if self.tok.kind == "RPAREN":
            raise self.error("unbalanced parenthesis: this ) has no ( before it", self.tok.pos)
        if self.tok.kind != "EOF":  # pragma: no cover - every other token starts a term
            raise self.error(f'unexpected "{self.tok.text}"', self.tok.pos)
        return node

    def parse_or(self) -> Node:
        children = [self.parse_and()]
        while self.tok.kind == "OR":
            op = self.take()
            self.operand(op)
            children.append(self.parse_and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def parse_and(self) -> Node:
        children = [self.parse_unary()]
        while True:
            if self.tok.kind == "AND":
                self.operand(self.take())
            elif self.tok.kind not in _STARTS:
                break
            children.append(self.parse_unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def operand(self, op: Token) -> None:
        """An operator must be followed by something it can work on."""
        if self.tok.kind not in _STARTS:
            what = "the end" if self.tok.kind == "EOF" else f'"{self.tok.text}"'
            raise self.error(
                f"{op.text} has nothing to work on: it is followed by {what} "
                '(search for the word itself in quotes: "' + op.text + '")',
                op.pos,
            )

    def parse_unary(self) -> Node:
        t = self.tok
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"query nests too deep (more than {MAX_DEPTH} levels)", t.pos)
        try:
            return self._unary(t)
        finally:
            self.depth -= 1

    def _unary(self, t: Token) -> Node:
        if t.kind == "RPAREN":
            raise self.error("unbalanced parenthesis: this ) has no ( before it", t.pos)
        if t.kind in ("NOT", "MINUS"):
            self.take()
            if self.tok.kind not in _STARTS or (t.kind == "MINUS" and self.tok.pos != t.pos + 1):
                name = "NOT" if t.kind == "NOT" else "-"
                raise self.error(
                    f"{name} needs a word, phrase or group right after it, e.g. {name}"
                    + (" " if t.kind == "NOT" else "")
                    + "taiwan",
                    t.pos,
                )
            return Not(self.parse_unary(), t.pos)
        if t.kind in ("AND", "OR"):
            raise self.error(
                f'{t.text} needs something on each side (search for the word itself in quotes: "{t.text}")',
                t.pos,
            )
        return self.parse_primary(None)

    def parse_primary(self, field: str | None) -> Node:
        t = self.take()
        if t.kind == "LPAREN":
            if self.tok.kind == "RPAREN":
                raise self.error("empty parentheses: put a word between ( and )", t.pos)
            node = self.parse_or() if field is None else self.scoped(field)
            if self.tok.kind != "RPAREN":
                raise self.error("unbalanced parenthesis: this ( is never closed", t.pos)
            self.take()
            return node
        if t.kind == "FIELD":
            return self.parse_primary(t.text)
        if t.kind == "PHRASE":
            return Term(t.text, t.pos, field, phrase=True)
        if t.kind == "WORD":
            if t.text == "*" and field is None:
                return Everything(t.pos)
            prefix = t.text.endswith("*")
            return Term(t.text.rstrip("*") if prefix else t.text, t.pos, field, prefix=prefix)
        if t.kind == "EOF":  # "((((": groups opened and nothing after them
            raise self.error("the query ends too soon: a word, phrase or ) is missing", t.pos)
        raise self.error(f'unexpected "{t.text}"', t.pos)  # pragma: no cover

    def scoped(self, field: str) -> Node:
        """``origin:(lima OR quito)``: the field applies to every bare term of the group."""
        return _with_field(self.parse_or(), field)


def _with_field(node: Node, field: str) -> Node:
    if isinstance(node, Term):
        return node if node.field else Term(node.text, node.pos, field, node.phrase, node.prefix)
    if isinstance(node, Not):
        return Not(_with_field(node.child, field), node.pos)
    if isinstance(node, And):
        return And(tuple(_with_field(c, field) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_with_field(c, field) for c in node.children))
    return node


def parse(query: str) -> Node:
    """Read ``query`` into a tree, or raise :class:`QueryError` saying where it went wrong."""
    return _Parser(query).parse()
