"""Run the peer parser's cases (../shared/peer_cases) and report a pass rate per field.

Used by tests/parse/test_peer_cases.py; run directly to see failures:
``python tests/peer.py [FIELD ...] [--show N]``.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CABLEGATE_SHARED", ROOT.parent / "shared"))
PEER = SHARED / "peer_cases"
CORPUS = SHARED / "corpus"

# peer file -> Cable.to_dict() key, where the names differ
FIELD_KEY = {
    "classificationist": "classified_by",
    "classificationist_raw": "classified_by_raw",
    "nondisclosure_deadline": "declassify_on",
    "reference_id": "refid",
    "media_uris": "media",
}
FUNCTION_FIELDS = {"canonical_id", "titlefy", "tag_kind", "clean_content"}
SKIPPED_FILES = {"id_lookup"}  # needs a store: tests/store/test_id_lookup.py
# Cases judged wrong about the real cable (or about another version of it), with the reason.
SKIPS = Path(__file__).resolve().parent / "peer_skips.csv"


@dataclass
class Outcome:
    case: str
    field: str
    status: str  # pass | fail | error | notrun | skip
    got: Any = None
    expected: Any = None
    detail: str = ""


@cache
def skipped_cases() -> dict[str, str]:
    """Peer cases that are not run: case id -> the recorded reason (``peer_skips.csv``)."""
    with open(SKIPS, newline="", encoding="utf-8") as f:
        return {row["case"]: row["reason"] for row in csv.DictReader(f)}


@cache
def read_cables(path: Path) -> dict[str, list[str]]:
    """The rows of a cables.csv (the corpus's or the bundled sample's), by refid."""
    csv.field_size_limit(sys.maxsize)
    rows: dict[str, list[str]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f, escapechar="\\", doublequote=False):
            rows[row[2]] = row
    return rows


def corpus_cables() -> dict[str, list[str]]:
    return read_cables(CORPUS / "cables.csv")


@cache
def corpus_media() -> dict[str, tuple[str, ...]]:
    """The "Appears in these articles" links of the corpus cables (not part of cables.csv)."""
    from cablegate.sources.media import read_media

    links: dict[str, list[str]] = {}
    for item in read_media(CORPUS / "media.csv"):
        if isinstance(item, tuple):
            links.setdefault(item[0], []).append(item[1])
    return {k: tuple(v) for k, v in links.items()}


def created_iso(date: str) -> str:
    d, t = date.split(" ")
    m, day, y = d.split("/")
    hh, mm = t.split(":")
    return f"{y}-{int(m):02d}-{int(day):02d}T{int(hh):02d}:{mm}"


def _result(case: dict[str, Any], field: str) -> Any:
    import cablegate

    kind = case["input_kind"]
    text = case["input"]
    if field in FUNCTION_FIELDS:
        if field == "canonical_id" and kind == "full_cable_html":
            return cablegate.parse_page(text).to_dict()["canonical_id"]
        return getattr(cablegate, field)(text)
    key = FIELD_KEY.get(field, field)
    params = case.get("params") or {}
    if kind == "full_cable_html":
        return cablegate.parse_page(text).to_dict()[key]
    if kind == "header":
        return cablegate.parse(text, "").to_dict()[key]
    if kind == "cable_ref":
        row = corpus_cables()[case["refid"]]
        return cablegate.parse(
            row[6],
            row[7],
            refid=row[2],
            created=created_iso(row[1]),
            origin=row[3],
            classification=row[4],
            media=corpus_media().get(row[2], ()),
        ).to_dict()[key]
    refid = params.get("reference_id") or case.get("refid")
    created = f"{params['year']}-01-01T00:00" if "year" in params else None
    return cablegate.parse("", text, refid=refid, created=created).to_dict()[key]


def _matches(got: Any, expected: Any, match: str | None) -> bool:
    if match == "unordered":
        return isinstance(got, list) and Counter(map(json.dumps, got)) == Counter(
            map(json.dumps, expected)
        )
    if match == "contains":
        return isinstance(got, list) and all(e in got for e in expected)
    return bool(got == expected)


def iter_outcomes(fields: set[str] | None = None) -> Iterator[Outcome]:
    for path in sorted(PEER.glob("*.jsonl")):
        field = path.stem
        if field in SKIPPED_FILES or (fields and field not in fields):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if case["case"] in skipped_cases():
                yield Outcome(case["case"], field, "skip", detail=skipped_cases()[case["case"]])
                continue
            if case["input_kind"] == "cable_ref" and case["refid"] not in corpus_cables():
                yield Outcome(case["case"], field, "notrun", detail="cable not in corpus")
                continue
            try:
                got = _result(case, field)
            except Exception:
                yield Outcome(
                    case["case"],
                    field,
                    "error",
                    expected=case["expected"],
                    detail=traceback.format_exc(limit=3),
                )
                continue
            ok = _matches(got, case["expected"], case.get("match"))
            yield Outcome(case["case"], field, "pass" if ok else "fail", got, case["expected"])


def report(outcomes: list[Outcome]) -> str:
    by: dict[str, Counter[str]] = {}
    for o in outcomes:
        by.setdefault(o.field, Counter())[o.status] += 1
    lines = [
        f"{'field':24} {'pass':>5} {'fail':>5} {'error':>5} {'notrun':>6} {'skip':>5} {'rate':>7}"
    ]
    tot: Counter[str] = Counter()
    for field, c in sorted(by.items()):
        tot.update(c)
        run = c["pass"] + c["fail"] + c["error"]
        rate = c["pass"] / run if run else 1.0
        lines.append(
            f"{field:24} {c['pass']:5} {c['fail']:5} {c['error']:5} {c['notrun']:6} "
            f"{c['skip']:5} {rate:7.1%}"
        )
    run = tot["pass"] + tot["fail"] + tot["error"]
    lines.append(
        f"{'ALL':24} {tot['pass']:5} {tot['fail']:5} {tot['error']:5} {tot['notrun']:6} "
        f"{tot['skip']:5} {tot['pass'] / max(run, 1):7.1%}"
    )
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    show = 10
    if "--show" in argv:
        i = argv.index("--show")
        show = int(argv[i + 1])
        del argv[i : i + 2]
    outcomes = list(iter_outcomes(set(argv) or None))
    shown = 0
    for o in outcomes:
        if o.status in ("fail", "error") and shown < show:
            shown += 1
            print(f"--- {o.case} [{o.status}]")
            if o.status == "error":
                print(o.detail)
            else:
                print(f"  expected: {o.expected!r}\n  got:      {o.got!r}")
    print(report(outcomes))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    main(sys.argv[1:])
