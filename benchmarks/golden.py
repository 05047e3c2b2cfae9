"""Did a change alter any parse result? Record every output, change the code, compare.

    python benchmarks/golden.py write [--corpus /tmp/cables-full.csv] [--extra 23000]
    python benchmarks/golden.py check [--limit N]

For every cable of ../shared/corpus/cables.csv plus the first ``--extra`` cables of the
full-scale corpus: a hash of each field of ``parse()`` (paragraphs included), of the paragraph
spans, of ``clean_content`` and of what the ingest stores and indexes. ``check`` prints the
fields that differ with an example cable, and exits 1 when any does. Made for speed work,
where the answer must be "identical".
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from cablegate import ingest  # noqa: E402
from cablegate.parse.paragraphs import paragraph_spans  # noqa: E402
from cablegate.parse.text import clean_content, normalise_text  # noqa: E402
from cablegate.sources import cables_csv  # noqa: E402
from cablegate.sources.record import Reject, SourceCable  # noqa: E402
from tests.peer import CORPUS  # noqa: E402

RECORD = Path("/tmp/cablegate-golden.pkl")


def _records(corpus: Path, extra: int) -> Iterator[SourceCable]:
    def read(path: Path) -> Iterator[SourceCable]:
        for chunk in cables_csv.chunks(path):
            for r in cables_csv.read_chunk(chunk):
                if not isinstance(r, Reject):
                    yield r

    yield from read(CORPUS / "cables.csv")
    if extra and corpus.exists():
        yield from itertools.islice(read(corpus), extra)


def _outputs(r: SourceCable) -> tuple[dict[str, str], dict[str, Any]]:
    fields: dict[str, Any] = ingest.parse_record(r, paragraphs=True).to_dict()
    fields["_spans"] = paragraph_spans(normalise_text(r.body))
    fields["_clean"] = clean_content(normalise_text(r.body))
    prepared, doc = ingest.prepare(r)
    fields["_data"], fields["_doc"] = prepared.data, doc
    digest = {
        k: hashlib.blake2b(
            json.dumps(v, sort_keys=True, default=str).encode(), digest_size=8
        ).hexdigest()
        for k, v in fields.items()
    }
    return digest, fields


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mode", choices=["write", "check"])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/cables-full.csv"))
    ap.add_argument("--extra", type=int, default=23_000)
    ap.add_argument("--limit", type=int, default=None, help="check only the first N cables")
    ap.add_argument("--record", type=Path, default=RECORD)
    args = ap.parse_args()
    records = _records(args.corpus, args.extra)
    if args.mode == "write":
        rec = {(r.location, r.refid): _outputs(r)[0] for r in records}
        args.record.write_bytes(pickle.dumps(rec))
        print(f"recorded {len(rec)} cables in {args.record}")
        return
    rec = pickle.loads(args.record.read_bytes())
    differ: dict[str, list[tuple[str | None, Any]]] = {}
    n = 0
    for r in itertools.islice(records, args.limit):
        n += 1
        now, full = _outputs(r)
        before = rec.get((r.location, r.refid), {})
        for k in now.keys() | before.keys():
            if now.get(k) != before.get(k):
                differ.setdefault(k, []).append((r.refid, full.get(k)))
    print(f"checked {n} cables")
    if not differ:
        print("IDENTICAL")
        return
    for k, cases in sorted(differ.items()):
        print(f"DIFFERENT {k}: {len(cases)} cables, e.g. {cases[0][0]}: {str(cases[0][1])[:300]}")
    sys.exit(1)


if __name__ == "__main__":
    main()
