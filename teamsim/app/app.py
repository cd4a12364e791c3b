"""The planners' app as a Solara module: ``solara run teamsim.app.app`` (or ``teamsim app``).

Every browser session gets its own :class:`~teamsim.app.state.AppState` (its own
models and results); nothing here is shared between sessions. Importing this module
makes the server take Solara's front-end from the files shipped with the app
(:mod:`teamsim.app.frontend`), so the page loads with no internet.
"""

from teamsim.app.frontend import serve_bundled_frontend
from teamsim.app.views import Page

serve_bundled_frontend()

__all__ = ["Page"]
