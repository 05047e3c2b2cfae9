"""CPU time of the mirror's files of one cable (``Renderer.cable`` and writing them), over the
first N cables of an archive, with a cProfile of the same run by internal time.

    python benchmarks/mirror_speed.py /tmp/mirror-full.db 1000
"""

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

from cablegate.mirror.pages import Renderer
from cablegate.mirror.plan import CableJob, cable_jobs
from cablegate.mirror.tree import put


def render(renderer: Renderer, jobs: list[CableJob]) -> None:
    out = Path(tempfile.mkdtemp(prefix="mirror-speed-"))
    for job in jobs:
        for f in renderer.cable(job):
            put(out, f.path, f.data, None)


def main() -> None:
    db, n = sys.argv[1], int(sys.argv[2])
    renderer = Renderer(db, "", True)
    jobs = cable_jobs(renderer.store.cable_inputs())[:n]
    render(renderer, jobs)  # warm: templates compiled, caches filled
    started = time.process_time()
    render(renderer, jobs)
    cpu = time.process_time() - started
    print(f"{len(jobs)} cables: {cpu / len(jobs) * 1000:.2f} ms of CPU a cable, files included")
    profile = cProfile.Profile(time.process_time)
    profile.runcall(render, renderer, jobs)
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(25)
    print(text.getvalue())


if __name__ == "__main__":
    main()
