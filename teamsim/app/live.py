"""Parts of the page the server updates in place, without re-rendering the page.

Solara (reacton) re-renders from the page's root: every render walks the whole tree and
sets every widget's properties again, so its cost grows with the page (the form's
fields, the own municipality's figures, the tabs), not with what changed. A clicked week
used to cost two such walks (the step, then the download buttons' threads restarting)
for a few kilobytes of new SVG. The week-by-week view's figures are therefore widgets
whose content is set directly when the models change (:meth:`AppState.subscribe`):

* :func:`LiveHtml`: HTML made by a function of the session's state, shown at mount and
  set again after every step, reset or change of the settings. The content is not an
  argument of the element, so a later render of the page never puts an older one back.
* :func:`Downloads`: download buttons (one widget) whose files (name and bytes) are made
  when clicked, from the state then (the name holds the week shown), so a step changes
  nothing in them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ipyvuetify as v
import solara
import traitlets

if TYPE_CHECKING:
    from teamsim.app.state import AppState

log = logging.getLogger(__name__)


class LiveHtmlWidget(v.VuetifyTemplate):
    template_file = (__file__, "live_html.vue")
    content = traitlets.Unicode("").tag(sync=True)


class DownloadsWidget(v.VuetifyTemplate):
    template_file = (__file__, "live_downloads.vue")
    items = traitlets.List([]).tag(sync=True)  # [key, label] of each button
    vertical = traitlets.Bool(False).tag(sync=True)
    requested = traitlets.Unicode("").tag(sync=True)  # the key of the button clicked
    filename = traitlets.Unicode("download").tag(sync=True)
    bytes = traitlets.Bytes(None, allow_none=True).tag(sync=True)
    mime_type = traitlets.Unicode("application/octet-stream").tag(sync=True)


@solara.component
def LiveHtml(state: AppState, make: Callable[[], str], deps: list, placeholder: str = ""):
    """HTML from ``make()`` (which reads the state when called), set at mount, when
    ``deps`` change and after every change of the session's models. The first content is
    made in a thread when the models are still to be built (a burn-in can take seconds):
    the page shows meanwhile, with ``placeholder``."""
    element = LiveHtmlWidget.element()

    def connect():
        widget = solara.get_widget(element)
        closed = threading.Event()

        def update() -> None:
            if closed.is_set():
                return
            try:
                with state.lock:  # in order: a later week's content is never overwritten
                    widget.content = make()
            except Exception:
                log.exception("updating the page's %s", getattr(make, "__name__", "part"))

        if state.models_ready():
            update()
        else:
            widget.content = placeholder
            threading.Thread(target=update, daemon=True, name="teamsim-first-draw").start()
        unsubscribe = state.subscribe(update)

        def disconnect() -> None:
            closed.set()
            unsubscribe()

        return disconnect

    solara.use_effect(connect, deps)
    return element


@dataclass(frozen=True)
class Download:
    """A download button: its label, the file's MIME type, and ``make()``, which gives the
    file's name and bytes when the button is clicked."""

    label: str
    mime_type: str
    make: Callable[[], tuple[str, bytes]]


@solara.component
def Downloads(files: Sequence[Download], vertical: bool = False):
    """Download buttons in one widget (each made widget costs the first page load time in
    the server and in the browser); each file is made when its button is clicked."""
    latest = solara.use_ref(files)
    latest.current = files  # the newest makers are used, without changing the element
    element = DownloadsWidget.element(items=[[str(i), f.label] for i, f in enumerate(files)],
                                      vertical=vertical)

    def connect():
        widget = solara.get_widget(element)

        def send(key: str) -> None:
            file = latest.current[int(key)]
            try:
                name, data = file.make()
            except Exception:
                log.exception("making the download '%s'", file.label)
                widget.requested = ""
                return
            with widget.hold_sync():
                widget.filename = name
                widget.mime_type = file.mime_type
                widget.bytes = data

        def on_request(change) -> None:
            widget.bytes = None  # a new file for every click
            if change["new"]:
                threading.Thread(target=send, args=(change["new"],), daemon=True,
                                 name="teamsim-download").start()

        widget.observe(on_request, "requested")
        return lambda: widget.unobserve(on_request, "requested")

    solara.use_effect(connect, [])
    return element
