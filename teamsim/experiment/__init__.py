"""Batch experiments: parameter sweeps and sensitivity designs with replications.

An experiment file (TOML, see ``experiments/``) names a scenario, a baseline,
the parameters to vary and how (grid, Latin hypercube, Sobol, Morris), the
replications, years and outputs. The runner runs it in this process, over local
processes or on a Dask cluster, and saves every run as it finishes, so an
interrupted experiment resumes where it stopped. The report summarises it.

    >>> from teamsim.experiment import load_experiment, run_experiment, load_results
    >>> exp = load_experiment("experiments/staffing-sweep.toml")   # checked, not run
    >>> exp.runs                                                   # how many runs
    >>> run_experiment(exp, "results/staffing-sweep", workers=4)
    >>> res = load_results("results/staffing-sweep")
    >>> res.summary()          # mean and 95% CI per design point and indicator
    >>> res.runs, res.series   # pandas DataFrames

The command line: ``teamsim experiment run|check|report`` (``--help`` on each).

Modules: :mod:`.spec` (the file), :mod:`.designs`, :mod:`.outputs` (indicators
and time series), :mod:`.runner`, :mod:`.store` (the results folder),
:mod:`.results` (loading), :mod:`.report` and :mod:`.plots`.
"""

from importlib import import_module

from teamsim.errors import ExperimentError

_LAZY = {
    "INDICATORS": "outputs",
    "Experiment": "spec",
    "Results": "results",
    "Summary": "runner",
    "load_experiment": "spec",
    "load_results": "results",
    "parse_experiment": "spec",
    "run_experiment": "runner",
}

__all__ = [  # noqa: RUF022 - the error first, then the lazily loaded names
    "ExperimentError",
    "Experiment",
    "INDICATORS",
    "Results",
    "Summary",
    "load_experiment",
    "load_results",
    "parse_experiment",
    "run_experiment",
]


def __getattr__(name: str):
    # loaded on first use, so `teamsim --help` does not import pandas, SALib or Dask
    if name in _LAZY:
        value = getattr(import_module(f"teamsim.experiment.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'teamsim.experiment' has no attribute {name!r}")
