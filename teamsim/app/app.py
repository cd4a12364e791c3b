"""The planners' app as a Solara module: ``solara run teamsim.app.app`` (or ``teamsim app``).

Every browser session gets its own :class:`~teamsim.app.state.AppState` (its own
models and results); nothing here is shared between sessions.
"""

from teamsim.app.views import Page

__all__ = ["Page"]
