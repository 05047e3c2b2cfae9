"""The peer parser's 1,150 cases: a pass rate per field, printed, with the gates of issue 2.

Cases judged wrong about the real cable are skipped with a recorded reason (``peer_skips.csv``).
"""

from __future__ import annotations

import pytest

from tests.peer import PEER, iter_outcomes, report, skipped_cases

pytestmark = pytest.mark.skipif(not PEER.exists(), reason="../shared/peer_cases not present")


def test_peer_case_pass_rates(capsys: pytest.CaptureFixture[str]) -> None:
    outcomes = list(iter_outcomes())
    table = report(outcomes)
    with capsys.disabled():
        print("\n" + table)
    errors = [o.case for o in outcomes if o.status == "error"]
    assert not errors, f"the parser raised on {errors}"
    run = [o for o in outcomes if o.status not in ("notrun", "skip")]
    overall = sum(o.status == "pass" for o in run) / len(run)
    assert overall >= 0.99, table
    for field in {o.field for o in run}:
        f = [o for o in run if o.field == field]
        rate = sum(o.status == "pass" for o in f) / len(f)
        assert rate >= 0.90, f"{field}: {rate:.1%}\n{table}"


def test_every_skipped_case_exists_and_has_a_reason() -> None:
    known = {o.case for o in iter_outcomes()}
    for case, reason in skipped_cases().items():
        assert case in known, case
        assert len(reason) > 40, case
