"""The planners' browser app (Solara): ``teamsim app`` or ``solara run teamsim.app.app``.

Modules: :mod:`state` (one AppState per browser session), :mod:`controls` (the form:
validation in the planners' terms), :mod:`charts` (matplotlib figures, also exported as
PNG), :mod:`views` (the Solara components), :mod:`tabs` (where extra tabs register),
:mod:`app` (the ``Page``), :mod:`cli` (``teamsim app``).
"""
