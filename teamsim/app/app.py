"""The planners' app as a Solara module: ``solara run teamsim.app.app`` (or ``teamsim app``).

Every browser session gets its own :class:`~teamsim.app.state.AppState` (its own
models and results); nothing here is shared between sessions. Importing this module
makes the server take Solara's front-end from the files shipped with the app
(:mod:`teamsim.app.frontend`), so the page loads with no internet, and starts
:func:`warm_up` in a thread, so the first planner does not wait for work any page needs.
"""

import threading

from teamsim.app.frontend import precompress, serve_bundled_frontend
from teamsim.app.views import Page

serve_bundled_frontend()


def warm_up() -> None:
    """What the first page load would otherwise wait for: the front-end's files
    compressed, and the default settings' models built (their burnt-in world then sits in
    the process's memory for every session that starts from it)."""
    precompress()
    from teamsim.app.state import AppState

    state = AppState()
    state.model()
    state.close()


threading.Thread(target=warm_up, daemon=True, name="teamsim-warm-up").start()

__all__ = ["Page"]
