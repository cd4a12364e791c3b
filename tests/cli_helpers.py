"""Helpers shared by the command-line tests: run ``teamsim`` in-process, check its errors."""

from __future__ import annotations

from teamsim import cli


def teamsim(capsys, *argv) -> tuple[int, str, str]:
    """Run ``teamsim ARGV...`` in this process: (exit status, stdout, stderr)."""
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, out: str, err: str, *fragments: str) -> None:
    """Exit status 2 and one ``teamsim: error:`` line holding every fragment, no traceback."""
    assert status == 2, err
    assert err.startswith("teamsim: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err, err
