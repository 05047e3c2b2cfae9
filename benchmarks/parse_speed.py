"""Time each field reader over every cable of ../shared/corpus/cables.csv (ms per cable).

``python benchmarks/parse_speed.py`` prints one line per reader; the budget for the whole
parse is about 0.5 ms per cable on one core (the full ingest must stay under 107 s).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from cablegate.parse import (  # noqa: E402
    banner,
    classified,
    header,
    paragraphs,
    references,
    signers,
    subject,
    summary,
    tags,
)
from cablegate.parse.text import clean_content, normalise_text  # noqa: E402
from tests.peer import corpus_cables  # noqa: E402

READERS = {
    "header": lambda h, b: header.read_header(h),
    "banner": lambda h, b: banner.read_banner(b),
    "subject": lambda h, b: subject.read_subject(b),
    "tags": lambda h, b: tags.read_tags(b),
    "references": lambda h, b: references.read_references(b, 2007, None),
    "classified_by": lambda h, b: classified.read_classified_by(b),
    "signers": lambda h, b: signers.read_signers(b),
    "summary": lambda h, b: summary.read_summary(b),
    "comment": lambda h, b: summary.read_comment(b),
    "paragraphs": lambda h, b: paragraphs.read_paragraphs(b),
    "clean_content": lambda h, b: clean_content(b),
}


def main() -> None:
    rows = [(normalise_text(r[6]), normalise_text(r[7])) for r in corpus_cables().values()]
    only = set(sys.argv[1:])
    for name, fn in READERS.items():
        if only and name not in only:
            continue
        errors = 0
        t0 = time.perf_counter()
        for h, b in rows:
            try:
                fn(h, b)
            except Exception:
                errors += 1
        dt = time.perf_counter() - t0
        print(f"{name:15} {dt / len(rows) * 1000:8.3f} ms/cable  errors={errors}")


if __name__ == "__main__":
    main()
