"""The author's summary and comment sections.

``Summary: ... End Summary.`` and ``Comment: ... End Comment.``: a label (also as a heading
over a dashed rule, or after a paragraph number and marking) and an end marker. Without an end
marker a summary runs to the first empty line; a comment to the end of its paragraph, or, for
the last comment of a cable when it opens a paragraph, to the signature. The text is cleaned
for reading: paragraph numbers and markings at line starts, rules and page breaks go, empty
lines collapse into single line breaks.
"""

from __future__ import annotations

import re

from cablegate.parse.casefold import lowered
from cablegate.parse.pagebreaks import has_break_hint, remove_breaks
from cablegate.parse.signers import signature_start

_MARK = r"\([A-Za-z][A-Za-z /,-]{0,24}\)"
_PARA = rf"¶?[ \t]*\d{{1,3}}[ \t]*[.)][ \t]*(?:{_MARK}[ \t]*)?"
_SEPARATORS = r"[ \t]*(?:[:.\-–—‐=]+|(?=\n)|(?=\())"

_SUMMARY_LABEL = re.compile(
    rf"(?:^[ \t]*(?:{_PARA}|{_MARK}[ \t]*)?|(?<=[.:]\s)|(?<=[.:]\s\s))"
    r"(?:BEGIN[ \t]+|INTRODUCTION[ \t]+AND[ \t]+)?SUMM?A?R?Y(?:[ \t]*(?:AND|/|&)[ \t]*(?:COMMENTS?|ACTION[ \t]+REQUESTS?"
    rf"|INTRODUCTION|TABLE[ \t]+OF[ \t]+CONTENTS|RECOMMENDATIONS?))?(?={_SEPARATORS})",
    re.IGNORECASE | re.MULTILINE,
)
_END_SUMMARY = re.compile(
    r"\bEND[ \t\n\\]+(?:OF[ \t\n\\]+)?(?:INTRODUCTION[ \t\n\\]+AND[ \t\n\\]+)?SUMM?ARY\b",
    re.IGNORECASE,
)
# what every summary label holds, lower-cased: no other letter folds to these ("s" would: "ſ")
_SUMMARY_WORD = re.compile(r"umm?a?r?y")
# searched in "\n" + body: a pattern that opens with a literal is quick to find
_FIRST_PARAGRAPH = re.compile(rf"\n[ \t]*¶?[ \t]*1[ \t]*[.)][ \t]*(?:{_MARK}[ \t]*)?")

_COMMENT_LABEL = re.compile(
    rf"(?:^[ \t]*|(?<=[.!?\"')\]]\s)|(?<=[.!?\"')\]]\s\s)|(?<=\())(?:[-=/][-=/ \t]*)?"
    rf"(?:{_PARA}|{_MARK}[ \t]*)?"
    r"(?:(?:BEGIN|EMBASSY|POST|MISSION|CONSULATE|USUN|USEU|USNATO|AMBASSADOR'S)[ \t]+)?"
    r"(?-i:COMMENTS?|Comments?)(?:[ \t]+AND[ \t]+(?:ACTION[ \t]+REQUESTS?|RECOMMENDATIONS?|ANALYSIS"
    r"|BACKGROUND|NEXT[ \t]+STEPS|BIOGRAPHICAL[ \t]+NOTES?))?"
    r"(?=[ \t]*(?:[:.\-–—/=\\]+|\n))",
    re.IGNORECASE | re.MULTILINE,
)
_HEADING_END = re.compile(r"[ \t]*[:.\-–—/=]*[ \t]*(?:[-=/][-=/ \t]*)?\n")
_END_COMMENT = re.compile(
    r"\bEND[ \t\n\\]+(?:OF[ \t\n\\]+)?(?:SUMMARY[ \t\n\\]+AND[ \t\n\\]+)?COMMENTS?\b", re.IGNORECASE
)
# The post's web-site notice before the signature: "Visit London's Classified Website: ..."
_WEB_NOTICE = re.compile(
    r"(?:Please[ \t]+)?Visit\b[^.\n]{0,60}Classified Web ?site\b.*$|^\S*(?:https?://|www\.)\S*$",
    re.IGNORECASE,
)
_END_BEFORE = re.compile(r"\bEND[ \t\n\\]*$", re.IGNORECASE)

_SKIP = re.compile(rf"(?:[ \t\n\\]|[:.\-–—‐=]|{_MARK})*")
_PARA_PREFIX = re.compile(rf"^[ \t]*{_PARA}")
_LEADING_MARK = re.compile(rf"^{_MARK}[ \t]*")
_RULE_CHARS = frozenset("-=_‐–—*~")
_RULE = re.compile(r"^[ \t]*(?:[-=_‐–—*~]\s*){3,}$")
_INLINE_RULE = re.compile(r"[-=‐–—]{3,}")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SUMMARY_STOP = re.compile(rf"\n[ \t\\]*\n|\n[ \t]*{_PARA}")
_LINE_END_ARTEFACT = re.compile(r"(?:[ \t]*(?:\\|<br\s*/?>))+[ \t]*$", re.IGNORECASE)


def clean_section(text: str) -> str:
    """Reading form of a section: no paragraph numbers, markings, rules; one line break apart.

    Repeated to a fixed point: removing a leading marking can bare a paragraph number
    (``(S) 1.``) that the next pass removes. The first pass tells when a second would change
    nothing (all but a few in ten thousand sections), and then none is run.
    """
    cleaned, settled = _clean_pass(text)
    if settled:
        return cleaned
    for _ in range(3):
        again = _clean_pass(cleaned)[0]
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def _clean_pass(text: str) -> tuple[str, bool]:
    """One clean-up pass, and whether another pass would leave its result as it is.

    Most lines open with a letter and hold no line-end artefact or web notice: they need
    nothing but re-spacing. Without a break hint, :func:`remove_breaks` returns the text as is.
    """
    hinted = has_break_hint(text)
    if hinted:
        text = remove_breaks(text)
    artefacts = "\\" in text or "<" in text
    web = "eb" in text or "www" in text or "http" in text
    spaced = _spaces_only(text)
    settled = True
    out: list[str] = []
    for line in text.split("\n"):
        first = line.lstrip()[:1]
        if not first:
            continue
        if (
            first.isalpha()
            and (spaced or line.isprintable())  # no whitespace but spaces
            and not (artefacts and ("\\" in line or "<" in line))
            and not (web and _notice_possible(line))
        ):
            out.append(_respaced(line))
            continue
        line, kept = _clean_line(line, web)
        if line:
            out.append(line)
            settled = settled and kept
    joined = "\n".join(out)
    cleaned = _LEADING_MARK.sub("", joined).strip() if joined[:1] == "(" else joined
    if not settled or cleaned != joined:
        return cleaned, False
    # without a break hint in the text, re-spacing could only make "OF 0" from "OF  0"
    return cleaned, not ((hinted or " 0" in cleaned) and has_break_hint(cleaned))


def _respaced(line: str) -> str:
    """``" ".join(line.split())`` for a line whose only white space is spaces, without
    splitting it into words (several times faster)."""
    if line[:1] == " " or line[-1:] == " ":
        line = line.strip(" ")
    while "  " in line:
        line = line.replace("  ", " ")
    return line


def _spaces_only(text: str) -> bool:
    """True when spaces and line breaks are the only white space in ``text`` (most sections)."""
    return text.isascii() and not (
        "\t" in text
        or "\r" in text
        or "\x0b" in text
        or "\x0c" in text
        or "\x1c" in text
        or "\x1d" in text
        or "\x1e" in text
        or "\x1f" in text
    )


def _clean_line(line: str, web: bool) -> tuple[str, bool]:
    """A line cleaned, and whether another pass would leave it as it is."""
    if "\\" in line or "<" in line:
        line = _LINE_END_ARTEFACT.sub("", line)
    first = line.lstrip()[:1]
    if not first or (first in _RULE_CHARS and _RULE.match(line)):
        return "", True
    if first.isdigit() or first == "¶":
        line = _PARA_PREFIX.sub("", line)
    notice = web and _notice_possible(line) and _WEB_NOTICE.search(line) is not None
    if notice:
        line = _WEB_NOTICE.sub("", line)
    cleaned = _respaced(line) if line.isprintable() else " ".join(line.split())
    if not cleaned:
        return "", True
    if "\\" in cleaned or "<" in cleaned:
        return cleaned, False  # rare: not worth telling whether a line-end artefact is left
    first = cleaned[0]
    if first in _RULE_CHARS and _RULE.match(cleaned):
        return cleaned, False
    if (first.isdigit() or first == "¶") and _PARA_PREFIX.match(cleaned):
        return cleaned, False
    return cleaned, not (
        (notice or cleaned != line)
        and _notice_possible(cleaned)
        and _WEB_NOTICE.search(cleaned) is not None
    )


def _notice_possible(line: str) -> bool:
    """False when :data:`_WEB_NOTICE` is bound to fail on ``line`` and on ``line`` re-spaced.

    Tested by hand first: the expression is slow to fail over a long line. Also false when
    the clean-up pass would not try it (no "eb", "www" or "http").
    """
    if not ("eb" in line or "www" in line or "http" in line):
        return False
    if ("/" in line or "." in line) and " " not in line.strip():
        return True  # perhaps a bare web address
    # "Visit ... Classified Web site": letters that match no other letter ignoring case
    return ("v" in line or "V" in line) and "web" in line.lower()


def _skip(body: str, pos: int) -> int:
    return _SKIP.match(body, pos).end()  # type: ignore[union-attr]  # always matches


def _lower_window(body: str, low: str, start: int, end: int) -> str:
    """``body[start:end].lower()``, cut from ``low`` when it lines up with ``body``."""
    # it does unless a letter lower-cases to two ("İ"): then each is one character
    return low[start:end] if len(low) == len(body) else body[start:end].lower()


def _end_marker(pattern: re.Pattern[str], body: str, low: str, i: int) -> re.Match[str] | None:
    """``pattern`` (an end marker) around the word at ``i``, searched only if "end" is there."""
    start = max(0, i - 40)
    if "end" not in _lower_window(body, low, start, i + 12):
        return None  # the expressions are slow to fail; "e", "n", "d" fold to no other letter
    return pattern.search(body, start, i + 12)


def _summary_marks(body: str) -> tuple[list[re.Match[str]], re.Match[str] | None]:
    """Summary labels and the first end marker, found from the word "summ" outward."""
    low = lowered(body)
    labels: list[re.Match[str]] = []
    i = low.find("summ")
    while i >= 0:
        end = _end_marker(_END_SUMMARY, body, low, i)
        if end and end.end() > i:
            return labels, end
        start = max(body.rfind("\n", 0, i) + 1, i - 60)
        if _SUMMARY_WORD.search(_lower_window(body, low, start, i + 80)):
            label = _SUMMARY_LABEL.search(body, start, i + 80)
            if label and label.start() <= i < label.end():
                labels.append(label)
        i = low.find("summ", i + 4)
    return labels, None


def read_summary(body: str) -> str | None:
    """The summary text, or ``None`` when the cable has none."""
    labels, end = _summary_marks(body)
    if end:
        if labels:  # the last label before the end marker (an earlier one may be a cut copy)
            start = _skip(body, labels[-1].end())
        else:
            first = _FIRST_PARAGRAPH.search("\n" + body, 0, end.start() + 1)
            if not first:
                return None
            start = first.end() - 1
        text = body[start : end.start()]
    else:
        for label in labels:
            start = _skip(body, label.end())
            if "..." not in body[label.end() : start]:  # "SUMMARY ----...": a cut copy
                break
        else:
            return None
        stop = _SUMMARY_STOP.search(body, start)
        text = body[start : stop.start() if stop else len(body)]
        rule = _INLINE_RULE.search(text)
        if rule:
            text = text[: rule.start()]
    return clean_section(text) or None


def _comment_marks(body: str, limit: int) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """Comment labels and end markers before ``limit``, found from the word "comment" outward."""
    low = lowered(body)
    labels: list[re.Match[str]] = []
    ends: list[re.Match[str]] = []
    i = low.find("comment", 0, limit)
    while i >= 0:
        end = _end_marker(_END_COMMENT, body, low, i)
        if end and end.end() > i:
            ends.append(end)
        else:
            start = max(body.rfind("\n", 0, i) + 1, i - 60)
            # a label's word is "COMMENT" or "Comment": the expression is slow to fail without
            if body.find("COMMENT", start, i + 80) >= 0 or body.find("Comment", start, i + 80) >= 0:
                label = _COMMENT_LABEL.search(body, start, i + 80)
                if label and label.start() <= i < label.end():
                    labels.append(label)
        i = low.find("comment", i + 7, limit)
    return labels, ends


def read_comment(body: str) -> str | None:
    """The comment section(s) joined by a blank line, or ``None`` when there is none."""
    tail = signature_start(body)
    labels, ends = _comment_marks(body, tail)
    parts: list[str] = []
    pos = 0
    for n, label in enumerate(labels):
        if label.start() < pos:
            continue  # inside the previous comment
        start = _skip(body, label.end())
        limit = labels[n + 1].start() if n + 1 < len(labels) else tail
        end = next((e for e in ends if start <= e.start() and e.end() <= limit), None)
        close = _closing_paren(body, label.start(), start, limit)
        if close is not None and (not end or close < end.start()):
            stop = pos = close  # "(Post Comment: ...)": the parenthesis ends it
        elif end:
            stop, pos = end.start(), end.end()
        elif n + 1 == len(labels) and (
            _opens_line(body, label) or _HEADING_END.match(body, label.end())
        ):
            stop = pos = tail  # the last comment of the cable, opening a paragraph
        else:
            blank = _BLANK_LINE.search(body, start, max(start, limit))
            stop = pos = blank.start() if blank else limit
        text = clean_section(body[start:stop])
        if text:
            parts.append(text)
    return "\n\n".join(parts) or None


def _closing_paren(body: str, label_start: int, start: int, limit: int) -> int | None:
    """Where a comment that opens inside parentheses ends: its closing parenthesis."""
    floor = max(0, label_start - 300)
    before = body[max(body.rfind("\n\n", floor, label_start), floor) : label_start]
    if before.count("(") <= before.count(")"):
        return None
    end = min(limit, start + 3000)
    depth = 1
    i = start
    while (close := body.find(")", i, end)) >= 0:  # from one ")" to the next, not char by char
        depth += body.count("(", i, close) - 1
        if not depth:
            return close
        i = close + 1
    return None


def _opens_line(body: str, label: re.Match[str]) -> bool:
    line_start = body.rfind("\n", 0, label.start()) + 1
    return not body[line_start : label.start()].strip()
