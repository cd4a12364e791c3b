"""Property-based tests (hypothesis): the model's invariants over random valid parameter
sets, and the command line over random command lines and random files.

Profiles (``HYPOTHESIS_PROFILE=ci|thorough``, default ``ci``):

* ``ci``: :data:`CI_EXAMPLES` examples per test, derandomized (the same examples every
  run, so CI cannot flake), no example database, and a failing example is reported as
  found, not shrunk (shrinking a simulation can take minutes); the whole module takes
  well under a minute on two cores.
* ``thorough``: :data:`THOROUGH_EXAMPLES` examples per test, random, with the example
  database (``.hypothesis/``) so a failure found once is replayed first:
  ``HYPOTHESIS_PROFILE=thorough uv run pytest tests/test_properties.py`` (some 30 times
  the examples of ``ci``; not timed, expect tens of minutes).

Parameter sets are drawn generically from :data:`teamsim.params.PARAMETERS` (a random
subset of parameters, each anywhere in its allowed range; a parameter added to the model
is drawn too), on small populations (50-400 children) for one year, from every shipped
preset but the national one.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from teamsim import TeamSim, cli
from teamsim.errors import ParameterError
from teamsim.params import PARAMETERS, Params
from teamsim.scenarios import preset_names

CI_EXAMPLES = {"model": 100, "command_line": 150, "files": 100}
THOROUGH_EXAMPLES = {"model": 1000, "command_line": 3000, "files": 2000}
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
             HealthCheck.filter_too_much]
settings.register_profile("ci", deadline=None, derandomize=True, database=None,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate),
                          suppress_health_check=_SUPPRESS)
settings.register_profile("thorough", deadline=None, suppress_health_check=_SUPPRESS)
settings.load_profile(PROFILE)


@pytest.fixture(autouse=True)
def _no_local_constants(monkeypatch):
    """Under ``ci`` the examples depend on the test alone, not on what else was imported.

    Hypothesis also draws literals it finds in the project's imported modules (its
    "local constants"); which modules those are depends on what ran before (the whole
    suite imports the app and every test file, one file alone does not), so the
    derandomized examples of ``uv run pytest`` and of ``uv run pytest
    tests/test_properties.py`` differed, and one run could pass where the other
    failed. The ``thorough`` profile keeps them. Internal API, pinned by uv.lock.
    """
    from hypothesis.internal.conjecture import providers

    if PROFILE != "thorough":
        monkeypatch.setattr(providers, "_get_local_constants", providers.Constants)
    providers.CONSTANTS_CACHE.cache.clear()  # the permitted constants drawn before
    yield
    providers.CONSTANTS_CACHE.cache.clear()


def examples(test: str) -> settings:
    counts = THOROUGH_EXAMPLES if PROFILE == "thorough" else CI_EXAMPLES
    return settings(max_examples=counts[test])


# ---- (a) the model's invariants ---------------------------------------------------------
WEEKS = 52
SMALL = (50, 400)
EPS = 1e-6


def _values(p) -> st.SearchStrategy:
    if p.kind is bool:
        return st.booleans()
    if p.choices:
        return st.sampled_from(p.choices)
    if p.kind is int:
        return st.integers(int(p.low), int(p.high))
    return st.floats(p.low, p.high, allow_nan=False, allow_infinity=False)


# The national preset keeps its 1,160 caseworkers and 200 districts in a town of 50-400
# children: 20-40 s an example for nothing the other presets do not test (its own test in
# test_model.py builds it at its size).
TOWN_PRESETS = [name for name in preset_names() if name != "denmark"]


@st.composite
def parameter_sets(draw) -> tuple[str, dict, int]:
    """(preset, overrides, seed): a few parameters anywhere in their ranges, a small town."""
    names = [p.name for p in PARAMETERS if p.name not in ("children", "burnin_years")]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=12))
    by_name = {p.name: p for p in PARAMETERS}
    overrides = {name: draw(_values(by_name[name])) for name in chosen}
    overrides["children"] = draw(st.integers(*SMALL))
    overrides["burnin_years"] = draw(st.integers(0, 2))  # long burn-ins only cost time
    preset = draw(st.sampled_from(TOWN_PRESETS))
    try:
        Params(overrides)
    except ParameterError:  # e.g. thresholds out of order: not a valid set
        assume(False)
    return preset, overrides, draw(st.integers(0, 2**32))


def _check_week(model: TeamSim) -> None:
    open_cases = int(model.pop.case_open.sum())
    assert int(np.sum(model.caseloads)) == open_cases
    assert (np.asarray(model.caseloads) >= 0).all()
    for worker in model.caseworkers:  # overtime included; unlimited with capacity_on off
        limit = worker.capacity if model.p.capacity_on else float("inf")
        assert -EPS <= worker.hours_used <= limit + EPS


def _check_series(series, capacity_on: bool) -> None:
    steps = series[[f"step_{k}" for k in range(7)]].sum(axis=1)
    assert (steps == series["children"]).all(), "a child is not on exactly one step"
    assert (series[[f"step_{k}" for k in range(1, 7)]].sum(axis=1)
            == series["open_cases"]).all()
    counts = series.select_dtypes("integer")
    assert (counts >= 0).all().all(), counts.min()[counts.min() < 0]
    costs = series[[c for c in series if c.startswith("cost_")]].to_numpy(dtype=float)
    assert np.isfinite(costs).all() and (costs >= 0).all()
    shares = series[[c for c in series if c.endswith("_share")]].to_numpy(dtype=float)
    assert ((np.isnan(shares)) | ((shares >= 0) & (shares <= 1))).all()
    for used in [c for c in series if f"{c}_available" in series]:
        if capacity_on or used != "hours_caseworker":  # capacity off: caseworkers unlimited
            assert (series[used] <= series[f"{used}_available"] + EPS).all(), used
        assert (series[used] >= -EPS).all(), used
    weeks = series.iloc[1:]  # the follow-up books balance every week
    assert (weeks["followups_due"] + weeks["followups_backlog_in"]
            == weeks["followups_held"] + weeks["followups_missed"]
            + weeks["followups_backlog_out"]).all()


@examples("model")
@given(parameter_sets())
def test_random_valid_parameter_sets_keep_the_model_invariants(case):
    preset, overrides, seed = case
    model = TeamSim(preset, rng=seed, **overrides)
    for _ in range(WEEKS):
        model.run_for(1)
        _check_week(model)
    _check_series(model.series(), model.p.capacity_on)


# ---- (b) the command line ---------------------------------------------------------------
class _Simulating(BaseException):
    """Raised where a simulation would start: the input passed every check."""


@pytest.fixture
def no_simulation(monkeypatch):
    """Stop where a simulation would start (valid input), so random lines cost nothing."""
    from teamsim.workshop import carry

    def stop(*args, **kwargs):
        raise _Simulating

    monkeypatch.setattr(TeamSim, "__init__", stop)
    monkeypatch.setattr(carry, "carry", stop)


@contextmanager
def _in_fresh_folder() -> Iterator[Path]:
    """Each example in its own empty working folder: whatever --out it names lands there."""
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(here)


def _run(capsys, argv: list[str]) -> None:
    """The command either stops at a simulation, succeeds, or says one error line."""
    try:
        status = cli.main(argv)
    except _Simulating:
        status = None
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out, err
    if status is None or status == 0:
        assert "teamsim: error:" not in err, err
        return
    assert status == 2, (argv, status, err)
    assert err.startswith("teamsim: error: ") and err.count("\n") == 1, (argv, err)


HELP = {"-h", "--help", "--version"}
_text = st.text(st.characters(codec="utf-8", exclude_characters="\0"), max_size=12)
_numbers = st.integers(-10**12, 10**12).map(str) | st.floats().map(str)
_names = st.sampled_from([p.name for p in PARAMETERS] + ["caseworker", ""])
_values_text = _text | _numbers | st.sampled_from(["true", "false", "8", "0.5", "boras"])
_assignment = st.builds(lambda n, v: f"{n}={v}", _names, _values_text) | _text
_scenario = st.sampled_from([*preset_names(), "nope", ".", "x.toml", "a/b"]) | _text


def _option(name: str, value: st.SearchStrategy) -> st.SearchStrategy:
    return st.tuples(st.just(name), value).map(list)


_RUN_OPTIONS = st.one_of(
    _option("--years", _numbers | _text), _option("--seed", _numbers),
    _option("--replications", _numbers | _text), _option("--set", _assignment),
    _option("--baseline-set", _assignment), st.just(["--compare"]),
    _option("--compare", _scenario), _option("--format", st.sampled_from(["csv", "xlsx"])),
    _option("--out", st.sampled_from(["out", "out/deeper", "", "."]) | _text),
    st.just(["--overwrite"]), _text.map(lambda t: [t]),
)
_WORKSHOP_OPTIONS = st.one_of(
    _option("--years", _numbers), _option("--replications", _numbers),
    _option("--set", _assignment), _option("--baseline", _scenario),
    _option("--lang", st.sampled_from(["da", "en", "sv"])),
    _option("--out", st.sampled_from(["c.svg", "c.csv", "c.txt", "h.html", "."])),
    _option("--story", _text | st.sampled_from(["pilot", "caseload"])),
    st.just(["--no-effects"]), st.just(["--pdf"]), _text.map(lambda t: [t]),
)


@st.composite
def command_lines(draw) -> list[str]:
    kind = draw(st.sampled_from(["run", "experiment", "workshop", "other"]))
    if kind == "run":
        head, options = ["run", draw(_scenario)], _RUN_OPTIONS
    elif kind == "experiment":
        sub = draw(st.sampled_from(["check", "run", "report", "outputs"]))
        head = ["experiment", sub, draw(_text | st.sampled_from(["exp.toml", "results"]))]
        options = st.one_of(_option("--out", _text), _option("--workers", _numbers),
                            _option("--confidence", _numbers | _text),
                            st.just(["--yes-large"]), _text.map(lambda t: [t]))
    elif kind == "workshop":
        sub = draw(st.sampled_from(["carry", "handout", "stories", "chain"]))
        head, options = ["workshop", sub, draw(_scenario)], _WORKSHOP_OPTIONS
    else:
        head = [draw(st.sampled_from(["params", "scenarios", "nope", ""]))]  # app: a server
        options = st.one_of(_option("--mechanism", _text),
                            _text.map(lambda t: [t]))
    argv = head + [t for option in draw(st.lists(options, max_size=5)) for t in option]
    assume(not HELP & set(argv))
    return argv


@examples("command_line")
@given(argv=command_lines())
def test_random_command_lines_never_escape_as_a_traceback(capsys, no_simulation, argv):
    with _in_fresh_folder():
        _run(capsys, argv)


# ---- random files -----------------------------------------------------------------------
_KEYS = ["title", "description", "baseline", "scenario", "years", "replications", "seed",
         "method", "samples", "caseworkers", "children", "values", "low", "high", "step",
         "indicators", "series", "x"]
_TABLES = ["scenario", "params", "experiment", "design", "vary", "outputs", "baseline_params",
           "other"]
_scalars = (st.integers(-10**20, 10**20) | st.floats(allow_nan=True) | st.booleans()
            | _text)
_toml_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3),
                            max_leaves=6)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") \
            if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    return str(value)


_documents = st.dictionaries(
    st.sampled_from(_TABLES), st.dictionaries(st.sampled_from(_KEYS), _toml_values, max_size=5),
    max_size=4,
).map(lambda doc: "".join(f"[{t}]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in keys.items())
                          for t, keys in doc.items()).encode())
_file_bytes = st.binary(max_size=300) | _documents | _documents.map(
    lambda b: b"\xef\xbb\xbf" + b)


@examples("files")
@given(content=_file_bytes,
       command=st.sampled_from([["run", "x.toml", "--years", "1"],
                                ["experiment", "check", "x.toml"],
                                ["experiment", "run", "x.toml"],
                                ["workshop", "stories", "x.toml"],
                                ["workshop", "chain", "x.toml"]]))
def test_random_bytes_as_scenario_and_experiment_files_are_one_line(capsys, no_simulation,
                                                                    content, command):
    with _in_fresh_folder() as folder:
        (folder / "x.toml").write_bytes(content)
        _run(capsys, command)
