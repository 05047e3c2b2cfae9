"""A cable as a reference manager imports it: BibTeX, RIS and CSL-JSON.

A cable has no entry type of its own in any of the three; each gets the closest general one
(BibTeX ``@misc``, RIS ``GOVDOC``, CSL ``document``), the sending post as a corporate author,
the State Department as publisher, the reference id as number, and the classification and the
WikiLeaks release in a note. A paragraph is cited by its link (``#parN``) and a note.

Values are made safe for each format: no line break reaches RIS (one tag a line), no unbalanced
brace or LaTeX special reaches BibTeX, and CSL-JSON is JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from json.encoder import encode_basestring as _string
from typing import NamedTuple

from cablegate.vocabulary import MONTHS

PUBLISHER = "U.S. Department of State"
GENRE = "Diplomatic cable"
ARCHIVE = "WikiLeaks Cablegate"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_KEY = re.compile(r"[^A-Za-z0-9_.:-]")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# LaTeX specials, each as text that LaTeX prints as the character itself
_LATEX = {
    "\\": r"\textbackslash{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LATEX_CHARS = re.compile("[" + re.escape("".join(_LATEX)) + "{}]")


@dataclass(frozen=True, slots=True)
class Citation:
    """What every format cites: ``title`` as the page shows it, ``url`` absolute."""

    refid: str
    title: str
    author: str  # the sending post
    created: str | None  # ISO, UTC
    released: str | None
    classification: str | None
    url: str
    paragraph: int | None = None

    @property
    def link(self) -> str:
        return f"{self.url}#par{self.paragraph}" if self.paragraph else self.url

    @property
    def key(self) -> str:
        key = _KEY.sub("", self.refid) or "cable"
        return f"{key}:par{self.paragraph}" if self.paragraph else key

    def notes(self) -> list[str]:
        out = []
        if self.classification:
            out.append(f"Classified {self.classification}")
        if self.released:
            out.append(f"released by WikiLeaks on {self.released[:10]}")
        if self.paragraph:
            out.append(f"paragraph {self.paragraph}")
        return out

    @property
    def note(self) -> str:
        text = "; ".join(self.notes())
        return text[:1].upper() + text[1:] + "." if text else ""


def _one_line(value: str | None) -> str:
    return " ".join(_CONTROL.sub(" ", value or "").split())


def _date(value: str | None) -> tuple[int, int, int] | None:
    m = _DATE.match(value or "")
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def latex(value: str | None) -> str:
    """Text for a braced BibTeX field: specials escaped, braces kept only when they pair up
    (BibTeX counts even escaped braces; an unpaired one would end the field)."""
    text = _one_line(value)
    depth, paired = 0, True
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        paired = paired and depth >= 0
    paired = paired and depth == 0

    def one(m: re.Match[str]) -> str:
        ch = m.group(0)
        if ch in "{}":
            return "\\" + ch if paired else (r"\textbraceleft{}", r"\textbraceright{}")[ch == "}"]
        return _LATEX[ch]

    return _LATEX_CHARS.sub(one, text)


def bibtex(c: Citation) -> str:
    """A ``@misc`` entry; author and title double-braced (a post's name and a subject's case
    are not to be changed by a style)."""
    fields = [
        ("author", f"{{{latex(c.author)}}}"),
        ("title", f"{{{latex(c.title)}}}"),
        ("howpublished", latex(f"{GENRE} {c.refid}")),
        ("organization", latex(PUBLISHER)),
        ("number", latex(c.refid)),
        ("type", latex(GENRE)),
    ]
    date = _date(c.created)
    if date:
        fields += [("year", str(date[0])), ("date", "{:04d}-{:02d}-{:02d}".format(*date))]
    fields += [("note", latex(c.note))] if c.note else []
    # a URL field is verbatim: ours is built from a refid, percent-encoded, no brace
    fields.append(("url", c.link.replace("{", "%7B").replace("}", "%7D")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    month = f",\n  month = {MONTHS[date[1] - 1].lower()}" if date and 1 <= date[1] <= 12 else ""
    return f"@misc{{{c.key},\n{body}{month}\n}}\n"


def ris(c: Citation) -> str:
    """One RIS record: a tag a line, ``ER`` last."""
    lines = [
        ("TY", "GOVDOC"),
        ("AU", c.author),
        ("TI", c.title),
        ("PB", PUBLISHER),
        ("M3", GENRE),
        ("AN", c.refid),
    ]
    date = _date(c.created)
    if date:
        lines += [("PY", str(date[0])), ("DA", "{:04d}/{:02d}/{:02d}/".format(*date))]
    lines += [("UR", c.link), ("DB", ARCHIVE)]
    lines += [("N1", c.note)] if c.note else []
    out = [f"{tag}  - {_one_line(value)}" for tag, value in lines]
    return "\n".join([*out, "ER  - ", ""])


def csl_item(c: Citation) -> dict[str, object]:
    """One CSL-JSON item (CSL 1.0.2 input schema)."""
    item: dict[str, object] = {
        "id": c.key,
        "type": "document",
        "title": _one_line(c.title),
        "author": [{"literal": _one_line(c.author)}],
        "publisher": PUBLISHER,
        "genre": GENRE,
        "number": c.refid,
        "archive": ARCHIVE,
        "URL": c.link,
    }
    # no "available-date" for the release: CSL 1.0.2's, and citeproc-py 0.11 rejects it
    if date := _date(c.created):
        item["issued"] = {"date-parts": [list(date)]}
    if c.note:
        item["note"] = c.note
    return item


def csl_json(c: Citation) -> str:
    """A CSL-JSON document: a list of one item."""
    return indented_json([csl_item(c)]) + "\n"


def indented_json(value: object, pad: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same text, for strings, ints,
    lists and dicts: ``indent`` makes json fall back to its pure-Python encoder, which cost a
    tenth of the mirror's time on a cable's files; strings go through the C escaper here."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    inner = pad + "  "
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        if not value:
            return "{}"
        items = [f"{inner}{_string(k)}: {indented_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if not value:
            return "[]"
        items = [inner + indented_json(v, inner) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    # anything else (floats, None, booleans) as json writes it, at its own indent
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)


class Format(NamedTuple):
    """A citation format: its suffix, media type, writer and the name a page shows."""

    suffix: str
    media_type: str
    write: Callable[[Citation], str]
    label: str


FORMATS: tuple[Format, ...] = (
    Format(".bib", "application/x-bibtex", bibtex, "BibTeX"),
    Format(".ris", "application/x-research-info-systems", ris, "RIS"),
    Format(".csl.json", "application/vnd.citationstyles.csl+json", csl_json, "CSL-JSON"),
)
