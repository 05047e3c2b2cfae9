"""The peer parser's 1,150 cases: a pass rate per field, printed, with the gates of issue 2."""

from __future__ import annotations

import pytest

from tests.peer import PEER, iter_outcomes, report

pytestmark = pytest.mark.skipif(not PEER.exists(), reason="../shared/peer_cases not present")


def test_peer_case_pass_rates(capsys: pytest.CaptureFixture[str]) -> None:
    outcomes = list(iter_outcomes())
    table = report(outcomes)
    with capsys.disabled():
        print("\n" + table)
    errors = [o.case for o in outcomes if o.status == "error"]
    assert not errors, f"the parser raised on {errors}"
    run = [o for o in outcomes if o.status != "notrun"]
    overall = sum(o.status == "pass" for o in run) / len(run)
    assert overall >= 0.95, table
    for field in {o.field for o in run}:
        f = [o for o in run if o.field == field]
        rate = sum(o.status == "pass" for o in f) / len(f)
        assert rate >= 0.85, f"{field}: {rate:.1%}\n{table}"
