"""The scale benchmark's report says which query failed and why, beside the ones that ran: a
query past the server's time limit at XL must show as failed, not end the run or vanish."""

from __future__ import annotations

from bench.scale import Result
from bench.scale_report import report


def test_a_failed_query_is_reported_with_its_error_beside_the_measured_ones() -> None:
    small = Result("S", nodes=10, relationships=20, read_s=0.1, write_s=0.2)
    small.latencies["city profile"] = (1.0, 2.0, 45)
    large = Result("XL", nodes=40, relationships=80, read_s=1.0, write_s=2.0)
    large.query_errors["city profile"] = "the query ran past the server's time limit"
    small.views["whole graph"] = (0.3, 774, 367, 1.6)
    large.view_errors["whole graph"] = "the query ran past the server's time limit"

    text = report([small, large], "1g", (0.1, 1.0))

    row = next(line for line in text.splitlines() if line.startswith("| city profile |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1] == "1.0 / 2.0 (45)"
    assert cells[2] == "**failed**: the query ran past the server's time limit"

    growth = next(line for line in text.splitlines() if line.startswith("| XL |") and "failed" in line)
    assert growth.split("|")[6].strip() == "failed"  # the city profile p95 column
    view = next(line for line in text.splitlines() if line.startswith("| whole graph |"))
    assert [c.strip() for c in view.strip("|").split("|")][1:] == [
        "0.30 s, 774 nodes, 367 folded, 1.6 MB",
        "**failed**: the query ran past the server's time limit",
    ]
