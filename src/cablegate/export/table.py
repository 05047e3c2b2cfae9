"""Cables as rows of a table: the fields an export writes, and JSONL, CSV and Parquet of them.

Every field of the parsed cable (``docs/cable-schema.md``) and what the archive keeps beside it
(``release_id``, ``source``, ``redacted``), raw header and body included; not the display
layout (offsets into the text, derived from it). Rows come in batches (``export.selection``)
and are written batch by batch: an export of the whole archive holds one batch at a time.

CSV has no lists: a list of strings is one cell, its items joined by `` | ``; a list of objects
(recipients, REF items, paragraphs) is one cell of JSON; a boolean is ``true``/``false``; a
missing value is an empty cell. JSONL and Parquet keep every type as it is.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from cablegate.errors import CablegateError
from cablegate.store.base import StoredCable

JOIN = " | "  # a list of strings in one CSV cell (as the ``cables_flat`` view joins them)

# field -> kind: text (str or null), flag (bool), number (int or null), texts (list of str),
# or the name of the object a list holds (recipient, reference, paragraph, named: a person the
# address lines name)
FIELDS: dict[str, str] = {
    "refid": "text",
    "canonical_id": "text",
    "release_id": "number",
    "created": "text",
    "released": "text",
    "classification": "text",
    "origin": "text",
    "is_partial": "flag",
    "transmission_id": "text",
    "precedence": "text",
    "dtg": "text",
    "dtg_iso": "text",
    "sender": "text",
    "recipients": "recipient",
    "info_recipients": "recipient",
    "header_classification": "text",
    "distribution": "texts",
    "eo": "text",
    "decl": "text",
    "subject": "text",
    "subject_raw": "text",
    "tags": "texts",
    "tags_raw": "texts",
    "references": "texts",
    "references_detailed": "reference",
    "classified_by": "texts",
    "classified_by_raw": "texts",
    "classification_reasons": "texts",
    "classification_reason_letters": "texts",
    "declassify_on": "text",
    "summary": "text",
    "comment": "text",
    "signers": "texts",
    "signers_raw": "texts",
    "recipient_names": "named",
    "paragraphs": "paragraph",
    "media": "texts",
    "problems": "texts",
    "source": "text",
    "redacted": "flag",
    "header": "text",
    "body": "text",
}
FORMATS = ("jsonl", "csv", "parquet")
PARAGRAPH_KEYS = ("number", "marking", "text", "label")


def fields_of(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    """The fields named by ``--fields a,b`` (or a list), in the order given; every field for
    none or ``all``. An unknown name is an error that lists the known ones."""
    if spec is None:
        return tuple(FIELDS)
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    names = [n.strip() for n in names if n.strip()]
    if not names or names == ["all"]:
        return tuple(FIELDS)
    unknown = [n for n in names if n not in FIELDS]
    if unknown:
        raise CablegateError(
            f"unknown field {', '.join(map(repr, unknown))}; the fields are " + ", ".join(FIELDS)
        )
    return tuple(dict.fromkeys(names))


def record(stored: StoredCable, fields: Sequence[str] = tuple(FIELDS)) -> dict[str, Any]:
    """One cable as a row of plain JSON types, with ``fields`` in that order."""
    d = stored.cable.to_dict()
    d["paragraphs"] = [{k: p[k] for k in PARAGRAPH_KEYS} for p in d["paragraphs"]]
    d["release_id"] = stored.release_id
    d["source"] = stored.source
    d["redacted"] = stored.redacted
    return {f: d[f] for f in fields}


def records(
    batches: Iterable[list[StoredCable]], fields: Sequence[str]
) -> Iterator[list[dict[str, Any]]]:
    for batch in batches:
        yield [record(s, fields) for s in batch]


def jsonl_chunks(rows: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """One JSON object a line, one string a batch."""
    for batch in rows:
        yield "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in batch)


def cell(kind: str, value: Any, *, guard: bool = False) -> str:
    """A value as one CSV cell (see the module's docstring). ``guard``: a text a spreadsheet
    would run as a formula gets a leading ``'`` (OWASP "CSV injection"; the web's files, opened
    by people; a data file for pandas or R keeps the text as it is)."""
    if value is None:
        return ""
    if kind == "flag":
        return "true" if value else "false"
    if kind == "number":
        return str(value)
    if kind == "texts":
        text = JOIN.join(value)
    elif kind == "text":
        text = value
    else:
        return json.dumps(value, ensure_ascii=False) if value else ""
    return "'" + text if guard and text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_chunks(
    rows: Iterable[list[dict[str, Any]]], fields: Sequence[str], *, guard: bool = False
) -> Iterator[str]:
    """A header line, then one string a batch."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(fields)
    kinds = [FIELDS[f] for f in fields]
    for batch in rows:
        for r in batch:
            writer.writerow(
                [cell(k, r[f], guard=guard) for f, k in zip(fields, kinds, strict=True)]
            )
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def parquet_missing() -> str | None:
    """Why Parquet cannot be written here, or None when it can."""
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return "Parquet needs pyarrow: pip install 'cablegate[parquet]'"
    return None


def _arrow_schema(fields: Sequence[str]) -> Any:
    import pyarrow as pa

    text = pa.string()
    kinds = {
        "text": text,
        "flag": pa.bool_(),
        "number": pa.int64(),
        "texts": pa.list_(text),
        "recipient": pa.list_(
            pa.struct(
                [
                    ("route", text),
                    ("name", text),
                    ("precedence", text),
                    ("mcn", text),
                    ("excluded", pa.list_(text)),
                ]
            )
        ),
        "reference": pa.list_(pa.struct([("kind", text), ("value", text), ("bullet", text)])),
        "named": pa.list_(
            pa.struct(
                [
                    ("name", text),
                    ("surname", text),
                    ("given", text),
                    ("title", text),
                    ("office", text),
                ]
            )
        ),
        "paragraph": pa.list_(
            pa.struct([("number", pa.int64()), ("marking", text), ("text", text), ("label", text)])
        ),
    }
    return pa.schema([(f, kinds[FIELDS[f]]) for f in fields])


def write_parquet(rows: Iterable[list[dict[str, Any]]], fields: Sequence[str], out: Path) -> int:
    """The rows as a Parquet file, a row group a batch (lists and objects as Parquet's nested
    types); returns how many rows."""
    missing = parquet_missing()
    if missing:
        raise CablegateError(missing)
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(fields)
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in rows:
            if batch:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
    return n


def write(
    rows: Iterable[list[dict[str, Any]]],
    fields: Sequence[str],
    fmt: str,
    out: TextIO | Path,
) -> int:
    """Write ``rows`` as ``fmt`` to a text stream (jsonl, csv) or a file (any): how many rows."""
    counted = _Counting(rows)
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise CablegateError("Parquet is written to a file, not to standard output")
        return write_parquet(counted, fields, out)
    chunks = jsonl_chunks(counted) if fmt == "jsonl" else csv_chunks(counted, fields)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as f:
            f.writelines(chunks)
    else:
        out.writelines(chunks)
    return counted.n


class _Counting:
    """The batches as they go by, counted."""

    def __init__(self, rows: Iterable[list[dict[str, Any]]]) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[list[dict[str, Any]]]:
        for batch in self.rows:
            self.n += len(batch)
            yield batch
