"""What every test module shares: how the suite runs in parallel.

``uv run pytest`` runs the tests in as many processes as the machine has cores
(pytest-xdist, ``-n auto --dist loadfile --no-loadscope-reorder`` in pyproject's
addopts): each test file runs whole in one process, so a module's fixture (a
validation, a steady state) is computed once. ``uv run pytest -n 0`` runs them in
this process, one after the other.

Files go out in the order :data:`SLOW_FILES` gives, the slowest first (read off
``--durations``, which the suite prints), then the rest in their usual order, so
that no long file starts last and leaves the other cores idle at the end.
"""

from __future__ import annotations

import pytest

SLOW_FILES = (
    "tests/test_validate_targets.py",        # every target on 3 seeds x 10 years
    "tests/browser/test_app_answer.py",      # a municipality's figures burnt in, in the app
    "tests/browser/test_workshop.py",        # a story's carry analysis, in the browser
    "tests/test_validate_compliance.py",     # the compliance curve
    "tests/test_model.py",                   # the staffing behaviour tests, the national preset
    "tests/test_calibration.py",             # a fresh study replays the shipped trials
    "tests/test_municipality.py",            # a municipality's steady state
    "tests/browser/test_app.py",
    "tests/test_experiment_parallel.py",
    "tests/test_workshop_carry.py",
)


def pytest_collection_modifyitems(session, config, items) -> None:
    rank = {name: k for k, name in enumerate(SLOW_FILES)}

    def key(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return rank.get(path, len(SLOW_FILES))
    items.sort(key=key)  # stable: tests keep their order within a file


@pytest.fixture(autouse=True)
def _no_worker_columns(monkeypatch) -> None:
    """pytest-xdist's workers run with ``COLUMNS=80`` in their environment, which the
    CLI takes for a terminal's width; without it the CLI prints its tables 160 wide,
    as it does into a pipe or a file, and the tests read them that way."""
    monkeypatch.delenv("COLUMNS", raising=False)
