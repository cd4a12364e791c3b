"""User-facing errors: one clear line, no traceback."""


class TeamsimError(Exception):
    """Base class for errors caused by user input (parameters, files, arguments).

    The CLI prints ``str(error)`` on one line and exits with status 2; the app
    shows it beside the field. Anything else that escapes is a bug.
    """


class ParameterError(TeamsimError):
    """A parameter name or value that is not allowed."""


class ScenarioError(TeamsimError):
    """A scenario that cannot be found or read."""


class RunError(TeamsimError):
    """A run setting (years, seeds, replications, results directory) that is not allowed."""


class ExperimentError(TeamsimError):
    """An experiment file, results folder or experiment setting that is not allowed."""
