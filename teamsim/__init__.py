"""teamsim: agent-based simulation of a municipal cross-professional child-welfare team.

The Python API, in the style of Mesa:

    >>> import teamsim
    >>> model = teamsim.TeamSim("herning-pilot", rng=1)   # one model, week by week
    >>> model.run_for(52)
    >>> model.series().tail()
    >>> result = teamsim.run("herning-pilot", years=4, seed=1)           # one run
    >>> cmp = teamsim.compare("herning-pilot", "herning-2012", years=4)  # paired on seeds
    >>> cmp.table

``TeamSim`` (which imports Mesa, pandas and networkx) loads on first use, so
``import teamsim`` and the command line's listings stay fast.
"""

from teamsim.errors import ParameterError, RunError, ScenarioError, TeamsimError
from teamsim.params import Params
from teamsim.run import (
    Comparison,
    RunResult,
    compare,
    replicate,
    replication_seeds,
    run,
    summarise,
    write_results,
)
from teamsim.scenarios import Scenario, load_scenario

__all__ = [
    "Comparison",
    "ParameterError",
    "Params",
    "RunError",
    "RunResult",
    "Scenario",
    "ScenarioError",
    "TeamSim",
    "TeamsimError",
    "__version__",
    "compare",
    "load_scenario",
    "replicate",
    "replication_seeds",
    "run",
    "summarise",
    "write_results",
]


def __getattr__(name: str):
    if name == "TeamSim":
        from teamsim.core.model import TeamSim

        globals()["TeamSim"] = TeamSim
        return TeamSim
    if name == "__version__":
        from importlib import metadata

        globals()["__version__"] = version = metadata.version("teamsim")
        return version
    raise AttributeError(f"module 'teamsim' has no attribute {name!r}")
