"""The scenario file's upload: a drop zone with a file chooser beside it.

Solara's FileDrop only takes files dragged onto it, and reads them with
``webkitGetAsEntry``, which gives nothing for a file not dragged from the desktop (so a
browser test cannot drop one either). This is the same widget (the same way of sending
the file's bytes to the server) with a "choose a file" button, reading dropped files
from ``dataTransfer.files``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import solara
import traitlets
from solara.components.file_drop import FileDropZone


class UploadZone(FileDropZone):
    template_file = (__file__, "upload.vue")
    choose = traitlets.Unicode("Choose a file").tag(sync=True)


@solara.component
def Upload(label: str, choose: str, on_file: Callable[[dict[str, Any]], None]):
    """A drop zone and a file chooser; ``on_file`` gets ``{"name", "size", "data"}``
    (the file's bytes) in a thread, once the file has arrived."""
    info, set_info = solara.use_state(None)
    files, set_files = solara.use_state(None)
    zone = UploadZone.element(label=label, choose=choose, multiple=False,
                              on_file_info=set_info)

    def wire() -> None:  # as Solara's FileDrop does
        if not info:
            return
        widget = solara.get_widget(zone)
        widget.version += 1
        widget.reset_stats()
        set_files(widget.get_files())

    solara.use_effect(wire, [info])

    def read(cancel: threading.Event) -> None:
        if files:
            file = files[0]
            on_file({"name": file["name"], "size": file["size"],
                     "data": file["file_obj"].read()})

    result = solara.use_thread(read, [files])
    if result.error:
        raise result.error
    return zone
